/**
 * Preloaded with `node --import` by the no-network test: every way out of the process (socket
 * connect, DNS, http/https requests, fetch) throws, and each attempt is appended to
 * `PM_NETWORK_LOG`, so an attempt the CLI caught and hid still fails the test.
 */
import { appendFileSync } from 'node:fs';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

const log = process.env['PM_NETWORK_LOG'];

function refuse(what: string): never {
  if (log) appendFileSync(log, `${what}\n`);
  throw new Error(`network access during lint: ${what}`);
}

function block(target: object, names: readonly string[], prefix: string): void {
  for (const name of names) {
    if (typeof (target as Record<string, unknown>)[name] !== 'function') continue;
    Object.defineProperty(target, name, {
      configurable: true,
      writable: true,
      value: () => refuse(`${prefix}.${name}`),
    });
  }
}

block(net.Socket.prototype, ['connect'], 'net.Socket');
block(net, ['connect', 'createConnection'], 'net');
block(tls, ['connect'], 'tls');
block(dns, ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'lookupService'], 'dns');
block(
  dns.promises,
  ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'lookupService'],
  'dns.promises',
);
block(http, ['request', 'get'], 'http');
block(https, ['request', 'get'], 'https');
block(globalThis, ['fetch', 'WebSocket'], 'globalThis');
