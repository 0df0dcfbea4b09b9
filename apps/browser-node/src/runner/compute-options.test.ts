import { initialRoomState } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { trainerInit } from './compute-options';

const spec = (dataset: string, model = 'mlp') => {
  const { settings } = initialRoomState();
  return { settings: { ...settings, dataset, model }, shard: { nodes: 2, node: 1 }, samplerSeed: 9 };
};

describe('trainerInit', () => {
  it('resolves each dataset the build serves to its asset, against the page', () => {
    expect(trainerInit(spec('mnist'), { baseUrl: 'http://host:8080/' }).datasetUrl).toBe('http://host:8080/data/mnist.bin');
    expect(trainerInit(spec('fashion-mnist', 'cnn'), { baseUrl: 'http://host:8080/' })).toMatchObject({ model: 'cnn', datasetUrl: 'http://host:8080/data/fashion-mnist.bin' });
  });

  it('names what it knows when a room asks for a dataset or model this build lacks', () => {
    expect(() => trainerInit(spec('cifar10'), { baseUrl: 'http://h/' })).toThrow(/dataset "cifar10" is not available in this build \(known: mnist, fashion-mnist, moby-dick\)/);
    expect(() => trainerInit(spec('mnist', 'resnet'), { baseUrl: 'http://h/' })).toThrow(/unknown model "resnet"/);
  });
});
