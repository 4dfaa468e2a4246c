import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  blockSize,
  cidrContains,
  cidrOverlaps,
  formatCidr,
  formatIpv4,
  type Ipv4Network,
  isPrivateRange,
  parseCidr,
  parseIpv4,
} from "./cidr";

const MAX_IPV4 = 0xffffffff;

/** Any IPv4 address as an unsigned integer. */
const address = fc.integer({ min: 0, max: MAX_IPV4 });

/** Any IPv4 network with its host bits clear. */
const network: fc.Arbitrary<Ipv4Network> = fc
  .tuple(address, fc.integer({ min: 0, max: 32 }))
  .map(([a, prefix]) => ({ base: a - (a % blockSize(prefix)), prefix }));

/** The two halves of a network one bit longer. */
const halves = (n: Ipv4Network): [Ipv4Network, Ipv4Network] => [
  { base: n.base, prefix: n.prefix + 1 },
  { base: n.base + blockSize(n.prefix + 1), prefix: n.prefix + 1 },
];

const net = (text: string): Ipv4Network => {
  const n = parseCidr(text);
  assert.ok(n, `${text} should parse`);
  return n;
};

describe("parseIpv4 / formatIpv4", () => {
  test("examples", () => {
    assert.equal(parseIpv4("0.0.0.0"), 0);
    assert.equal(parseIpv4("10.0.0.1"), 10 * 2 ** 24 + 1);
    assert.equal(parseIpv4("255.255.255.255"), MAX_IPV4);
    assert.equal(formatIpv4(MAX_IPV4), "255.255.255.255");
    for (const bad of [
      "",
      "1.2.3",
      "1.2.3.4.5",
      "256.0.0.1",
      "01.2.3.4",
      "1.2.3.-4",
      "a.b.c.d",
      "1..2.3",
      " 1.2.3.4",
    ]) {
      assert.equal(parseIpv4(bad), undefined, bad);
    }
  });

  test("format then parse is the identity on every address", () => {
    fc.assert(fc.property(address, (a) => parseIpv4(formatIpv4(a)) === a));
  });

  test("parsed addresses stay in the unsigned 32-bit range", () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(fc.tuple(octet, octet, octet, octet), (parts) => {
        const v = parseIpv4(parts.join("."));
        return v !== undefined && v >= 0 && v <= MAX_IPV4 && Number.isInteger(v);
      }),
    );
  });
});

describe("parseCidr / formatCidr", () => {
  test("examples", () => {
    assert.deepEqual(parseCidr("10.0.0.0/16"), { base: 10 * 2 ** 24, prefix: 16 });
    assert.deepEqual(parseCidr("203.0.113.7"), { base: parseIpv4("203.0.113.7"), prefix: 32 });
    assert.deepEqual(parseCidr("0.0.0.0/0"), { base: 0, prefix: 0 });
    assert.deepEqual(parseCidr("255.255.255.255/32"), { base: MAX_IPV4, prefix: 32 });
    for (const bad of [
      "10.0.0.1/16", // host bits set
      "10.0.0.0/33",
      "10.0.0.0/",
      "/24",
      "10.0.0.0/24/1",
      "10.0.0.0/-1",
      "10.0.0.0/1.5",
      "10.0.0.0/abc",
      "10.0.0.0/100",
      "300.0.0.0/8",
      "::1",
      "fd00::/8",
      "",
    ]) {
      assert.equal(parseCidr(bad), undefined, bad);
    }
  });

  test("format then parse is the identity on every network", () => {
    fc.assert(fc.property(network, (n) => assert.deepEqual(parseCidr(formatCidr(n)), n)));
  });

  test("an address with host bits set below its prefix is rejected", () => {
    fc.assert(
      fc.property(address, fc.integer({ min: 0, max: 31 }), (a, prefix) => {
        fc.pre(a % blockSize(prefix) !== 0);
        return parseCidr(`${formatIpv4(a)}/${prefix}`) === undefined;
      }),
    );
  });

  test("a bare address is its /32", () => {
    fc.assert(
      fc.property(address, (a) => assert.deepEqual(parseCidr(formatIpv4(a)), { base: a, prefix: 32 })),
    );
  });

  test("blockSize", () => {
    assert.equal(blockSize(32), 1);
    assert.equal(blockSize(24), 256);
    assert.equal(blockSize(0), 2 ** 32);
  });
});

describe("cidrContains / cidrOverlaps", () => {
  test("examples", () => {
    assert.ok(cidrContains(net("10.0.0.0/16"), net("10.0.3.0/26")));
    assert.ok(!cidrContains(net("10.0.3.0/26"), net("10.0.0.0/16")));
    assert.ok(!cidrContains(net("10.0.0.0/16"), net("10.1.0.0/24")));
    assert.ok(cidrContains(net("0.0.0.0/0"), net("255.255.255.255")));
    assert.ok(cidrOverlaps(net("10.0.0.0/24"), net("10.0.0.128/25")));
    assert.ok(!cidrOverlaps(net("10.0.0.0/25"), net("10.0.0.128/25")));
    assert.ok(!cidrOverlaps(net("10.0.0.255"), net("10.0.1.0/24")));
  });

  test("a network contains and overlaps itself", () => {
    fc.assert(fc.property(network, (n) => cidrContains(n, n) && cidrOverlaps(n, n)));
  });

  test("overlap is symmetric", () => {
    fc.assert(fc.property(network, network, (a, b) => cidrOverlaps(a, b) === cidrOverlaps(b, a)));
  });

  test("containment implies overlap", () => {
    fc.assert(fc.property(network, network, (a, b) => !cidrContains(a, b) || cidrOverlaps(a, b)));
  });

  test("two CIDR blocks overlap exactly when one contains the other", () => {
    fc.assert(
      fc.property(
        network,
        network,
        (a, b) => cidrOverlaps(a, b) === (cidrContains(a, b) || cidrContains(b, a)),
      ),
    );
  });

  test("containment is antisymmetric and transitive", () => {
    fc.assert(
      fc.property(network, network, network, (a, b, c) => {
        if (cidrContains(a, b) && cidrContains(b, a)) assert.deepEqual(a, b);
        if (cidrContains(a, b) && cidrContains(b, c)) assert.ok(cidrContains(a, c));
      }),
    );
  });

  test("a /n splits into two /(n+1) halves that are contained, disjoint, and cover it", () => {
    fc.assert(
      fc.property(
        network.filter((n) => n.prefix < 32),
        (n) => {
          const [lo, hi] = halves(n);
          assert.ok(parseCidr(formatCidr(lo)) && parseCidr(formatCidr(hi)), "both halves are valid CIDRs");
          assert.ok(cidrContains(n, lo) && cidrContains(n, hi));
          assert.ok(!cidrOverlaps(lo, hi) && !cidrOverlaps(hi, lo));
          assert.ok(!cidrContains(lo, n) && !cidrContains(hi, n));
          assert.equal(blockSize(lo.prefix) + blockSize(hi.prefix), blockSize(n.prefix));
        },
      ),
    );
  });

  test("an address is in a network exactly when its /32 is contained", () => {
    fc.assert(
      fc.property(network, address, (n, a) => {
        const inRange = a >= n.base && a < n.base + blockSize(n.prefix);
        return (
          cidrContains(n, { base: a, prefix: 32 }) === inRange &&
          cidrOverlaps(n, { base: a, prefix: 32 }) === inRange
        );
      }),
    );
  });
});

describe("isPrivateRange", () => {
  test("RFC 1918, loopback, CGNAT and link-local are private", () => {
    for (const t of [
      "10.0.0.0/8",
      "10.255.255.255",
      "172.16.0.0/12",
      "172.31.255.255",
      "192.168.0.1",
      "127.0.0.1",
      "100.64.0.0/10",
      "169.254.0.1",
    ]) {
      assert.ok(isPrivateRange(net(t)), t);
    }
  });

  test("public addresses next to those ranges are not", () => {
    for (const t of [
      "9.255.255.255",
      "11.0.0.0",
      "172.15.255.255",
      "172.32.0.0",
      "192.167.255.255",
      "192.169.0.0",
      "100.63.255.255",
      "100.128.0.0",
      "203.0.113.7",
      "8.8.8.0/24",
    ]) {
      assert.ok(!isPrivateRange(net(t)), t);
    }
  });

  test("a range is private when any of its addresses is", () => {
    assert.ok(isPrivateRange(net("8.0.0.0/5")), "8.0.0.0/5 covers 10.0.0.0/8");
    fc.assert(
      fc.property(network, (n) => {
        if (!isPrivateRange(n) || n.prefix === 0) return;
        // the enclosing block one bit shorter is private as well
        const parentPrefix = n.prefix - 1;
        const parent = { base: n.base - (n.base % blockSize(parentPrefix)), prefix: parentPrefix };
        assert.ok(isPrivateRange(parent));
      }),
    );
  });
});
