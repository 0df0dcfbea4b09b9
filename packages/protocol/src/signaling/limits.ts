/** Size limits shared by the schemas and the server (a payload larger than these is refused, not truncated). */
export const SIGNALING_LIMITS = {
  roomName: 64,
  displayName: 64,
  peerId: 64,
  /** An SDP offer/answer; real ones are 1–10 KiB, 64 KiB leaves room for many media sections. */
  sdp: 64 * 1024,
  candidate: 4096,
  token: 256,
  /** A resume secret: base64url of an HMAC-SHA256 (43 characters), with room to change the scheme. */
  resumeSecret: 128,
  /** Per-link counters in one metrics report. */
  linksPerReport: 128,
  /** Characters of a language model's text sample in a metrics report. */
  sampleLength: 240,
  linkOverrides: 1024,
  stragglers: 1024,
  hyperParams: 32,
  iceServers: 16,
  /** socket.io's maxHttpBufferSize: one SDP plus envelope, with margin. */
  maxMessageBytes: 256 * 1024,
} as const;
