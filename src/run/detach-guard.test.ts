import { describe, expect, it } from 'vitest';
import { parseNsPid, shortLivedShell } from './detach-guard.js';

const status = (nspid: string) => `Name:\tnode\nTgid:\t42\nNStgid:\t${nspid}\nNSpid:\t${nspid}\nPPid:\t1\n`;

describe('parseNsPid', () => {
  it.each([
    ['one namespace', status('18944'), [18944]],
    ['a nested namespace without its own /proc', status('18959\t2'), [18959, 2]],
    ['three levels', status('900 40 1'), [900, 40, 1]],
    ['no NSpid line (old kernels, macOS)', 'Name:\tnode\n', []],
    ['an empty file', '', []],
  ])('reads %s', (_name, text, pids) => {
    expect(parseNsPid(text)).toEqual(pids);
  });
});

describe('shortLivedShell', () => {
  const base = { status: status('18944'), pid: 18944, initComm: 'systemd', env: {} };
  it.each([
    ['an ordinary shell', base, undefined],
    ['a nested PID namespace', { ...base, status: status('18959 2'), pid: 2 }, /PID namespace of its own \(NSpid 18959 2\)/],
    ['pid 1 of a namespace with its own /proc', { ...base, status: status('1'), pid: 1 }, /pid 1/],
    ['bubblewrap as init', { ...base, initComm: 'bwrap' }, /bubblewrap/],
    ["Codex's network-less sandbox", { ...base, env: { CODEX_SANDBOX_NETWORK_DISABLED: '1' } }, /Codex/],
    ["Codex's seatbelt sandbox", { ...base, env: { CODEX_SANDBOX: 'seatbelt' } }, /Codex/],
  ])('says why a detached runner would die in %s', (_name, facts, expected) => {
    const reason = shortLivedShell(facts);
    if (expected === undefined) expect(reason).toBeUndefined();
    else expect(reason).toMatch(expected);
  });
});
