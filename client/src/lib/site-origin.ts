/**
 * True when a printed address opens only on this computer or inside its network: a loopback or private IPv4
 * address, an IPv6 loopback or unique-local address, `localhost` or a `.local` name.
 */
export function isLocalOrigin(origin: string): boolean {
  let host: string;
  try {
    host = new URL(origin).hostname.toLowerCase();
  } catch {
    return true;
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host === '0.0.0.0') return true;
  const ipv6 = host.startsWith('[') ? host.slice(1, -1) : null;
  if (ipv6 !== null) return ipv6 === '::1' || /^f[cd][0-9a-f]{2}:/.test(ipv6) || /^fe80:/.test(ipv6);
  const octets = host.split('.').map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet))) return false;
  const [a, b] = octets as [number, number, number, number];
  return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}
