// Which operating system and CPUs a native binary is built for, from its header: ELF (Linux), Mach-O thin or
// universal (macOS), PE (Windows). Anything else is not a native binary.
export interface NativePlatform {
  os: 'linux' | 'darwin' | 'win32';
  archs: string[];
}

const ELF_MACHINES: Record<number, string> = { 0x3e: 'x64', 0xb7: 'arm64', 0x28: 'arm', 0x03: 'ia32' };
const MACH_CPUS: Record<number, string> = { 0x01000007: 'x64', 0x0100000c: 'arm64' };
const PE_MACHINES: Record<number, string> = { 0x8664: 'x64', 0xaa64: 'arm64', 0x014c: 'ia32' };

export function nativePlatform(bytes: Buffer): NativePlatform | undefined {
  if (bytes.length < 64) return undefined;
  if (bytes.readUInt32BE(0) === 0x7f454c46) return { os: 'linux', archs: [ELF_MACHINES[bytes.readUInt16LE(18)] ?? 'unknown'] };
  if (bytes.readUInt32LE(0) === 0xfeedfacf) return { os: 'darwin', archs: [MACH_CPUS[bytes.readUInt32LE(4)] ?? 'unknown'] };
  if (bytes.readUInt32BE(0) === 0xcafebabe) {
    // A universal binary: a big-endian list of (cputype, cpusubtype, offset, size, align) per CPU.
    const count = bytes.readUInt32BE(4);
    const archs = Array.from({ length: count }, (_, i) => MACH_CPUS[bytes.readUInt32BE(8 + i * 20)] ?? 'unknown');
    return { os: 'darwin', archs };
  }
  if (bytes.toString('latin1', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c);
    if (pe + 6 <= bytes.length && bytes.readUInt32BE(pe) === 0x50450000) {
      return { os: 'win32', archs: [PE_MACHINES[bytes.readUInt16LE(pe + 4)] ?? 'unknown'] };
    }
  }
  return undefined;
}
