import { describe, expect, it } from 'vitest';
import { isLocalOrigin } from './site-origin';

describe('a printed address that works only here', () => {
  it('recognises loopback and private addresses', () => {
    for (const origin of [
      'http://127.0.0.1:3000',
      'http://localhost:3000',
      'http://10.0.0.5',
      'http://172.20.1.1:8080',
      'http://192.168.1.10',
      'http://[::1]:3000',
      'http://[fd12:3456::1]',
      'http://school-pc.local',
    ])
      expect(isLocalOrigin(origin), origin).toBe(true);
  });

  it('lets public names and addresses through', () => {
    for (const origin of ['https://muko.kirov.ru', 'http://172.32.0.1', 'http://8.8.8.8', 'https://[2001:db8::1]'])
      expect(isLocalOrigin(origin), origin).toBe(false);
  });
});
