import { describe, expect, it } from 'vitest';
import { joinUrl, parseJoinLinkInfo, type JoinLinkInfo } from './join-link';

const info: JoinLinkInfo = { room: 'bio', code: 'k7mq2x', path: '/j/k7mq2x', lanOrigins: ['http://192.168.1.20:8080', 'http://10.0.0.4:8080'] };

describe('joinUrl', () => {
  it('uses the address the teacher used when other machines can open it', () => {
    expect(joinUrl(info, { hostname: 'canopy.school.org', origin: 'https://canopy.school.org' })).toBe('https://canopy.school.org/j/k7mq2x');
    expect(joinUrl(info, { hostname: '192.168.1.20', origin: 'http://192.168.1.20:8080' })).toBe('http://192.168.1.20:8080/j/k7mq2x');
  });

  it('replaces localhost by the server\'s LAN address', () => {
    expect(joinUrl(info, { hostname: 'localhost', origin: 'http://localhost:8080' })).toBe('http://192.168.1.20:8080/j/k7mq2x');
    expect(joinUrl(info, { hostname: '127.0.0.1', origin: 'http://127.0.0.1:8080' })).toBe('http://192.168.1.20:8080/j/k7mq2x');
    expect(joinUrl({ ...info, lanOrigins: [] }, { hostname: 'localhost', origin: 'http://localhost:8080' })).toBeNull();
  });
});

describe('parseJoinLinkInfo', () => {
  it('accepts the server\'s answer and refuses anything else', () => {
    expect(parseJoinLinkInfo(info)).toEqual(info);
    expect(parseJoinLinkInfo({ ...info, path: 'javascript:alert(1)' })).toBeNull();
    expect(parseJoinLinkInfo({ ...info, lanOrigins: ['javascript:alert(1)'] })).toBeNull();
    expect(parseJoinLinkInfo(null)).toBeNull();
  });
});
