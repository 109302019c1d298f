import assert from 'node:assert/strict';
import { vulkanLoaderPresent } from '../../src/engine/backend/vulkanLoader';

describe('the Vulkan loader check before Dawn starts', () => {
  const none = () => false;

  it('finds the loader in the linker cache', () => {
    const cache = () => Buffer.from('\0libc.so.6\0/usr/lib/x86_64-linux-gnu/libvulkan.so.1\0');
    assert.equal(vulkanLoaderPresent({ cache, libraryPath: undefined, exists: none }), true);
  });

  it('finds it in an LD_LIBRARY_PATH folder when the cache lacks it', () => {
    const seen: string[] = [];
    const exists = (p: string) => { seen.push(p); return p === '/opt/vk/lib/libvulkan.so.1'; };
    const cache = () => Buffer.from('\0libc.so.6\0');
    assert.equal(vulkanLoaderPresent({ cache, libraryPath: '/a::/opt/vk/lib', exists }), true);
    assert.deepEqual(seen, ['/a/libvulkan.so.1', '/opt/vk/lib/libvulkan.so.1'], 'empty entries are not the working folder');
  });

  it('says none when neither has it, or there is no cache', () => {
    assert.equal(vulkanLoaderPresent({ cache: () => Buffer.from('libvulkan.so.0'), libraryPath: '/x', exists: none }), false);
    assert.equal(vulkanLoaderPresent({ cache: () => null, libraryPath: undefined, exists: none }), false);
  });
});
