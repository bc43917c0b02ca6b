import { strict as assert } from 'node:assert';
import {
  sizeCount,
  validateCount,
  validateDestination,
  validateEndSize,
  validatePacketSize,
  validateStartRequest,
  validateStep,
} from '../../src/core/startParams';

describe('start sweep parameters', () => {
  it('accepts IPv4, IPv6 and host names as destinations', () => {
    for (const ok of ['1.1.1.1', '10.0.0.254', '2001:db8::1', '::1', 'fw.example.net', 'gw-1', 'example.com.']) {
      assert.equal(validateDestination(ok), undefined, ok);
    }
  });

  it('refuses malformed destinations with a message that says what is expected', () => {
    assert.match(validateDestination('256.1.1.1') ?? '', /not a valid IPv4/);
    assert.match(validateDestination('1.1.1') ?? '', /not a valid IPv4/);
    assert.match(validateDestination('bad host') ?? '', /host name/);
    assert.match(validateDestination('-lead.example') ?? '', /host name/);
    assert.match(validateDestination('') ?? '', /destination/);
    assert.match(validateDestination('http://x/') ?? '', /host name/);
  });

  it('needs whole sizes of at least 1 and an end no smaller than the start', () => {
    assert.equal(validatePacketSize('1'), undefined);
    assert.match(validatePacketSize('0') ?? '', /1 to/);
    assert.match(validatePacketSize('12.5') ?? '', /whole number/);
    assert.match(validatePacketSize('-3') ?? '', /whole number/);
    assert.match(validateEndSize('99', 100) ?? '', /at least the start size \(100\)/);
    assert.equal(validateEndSize('100', 100), undefined);
  });

  it('counts the sizes of a sweep', () => {
    assert.equal(sizeCount(10, 50, 10), 5);
    assert.equal(sizeCount(10, 55, 10), 5);
    assert.equal(sizeCount(100, 100, 7), 1);
  });

  it('keeps count x sizes within 1..100 ICMP requests and says the total', () => {
    assert.equal(validateCount('5', 1000, 1400, 25), undefined); // 17 sizes x 5 = 85
    assert.equal(validateCount('5', 1000, 1475, 25), undefined); // 20 x 5 = 100, the most allowed
    assert.match(validateCount('5', 1000, 1500, 25) ?? '', /5 × 21 sizes = 105 ICMP requests; at most 100/);
    assert.match(validateCount('0', 1, 1, 1) ?? '', /at least 1/);
    assert.match(validateStep('1', 1, 200) ?? '', /200 sizes/);
    assert.match(validateStep('0', 1, 2) ?? '', /at least 1/);
  });

  it('checks a whole request and names the first problem', () => {
    const good = { destination: '1.1.1.1', startPacketSize: 100, endPacketSize: 1500, sweepInterval: 100, count: 5 };
    assert.equal(validateStartRequest(good), undefined);
    assert.match(validateStartRequest({ ...good, endPacketSize: 50 }) ?? '', /End size/);
    assert.match(validateStartRequest({ ...good, count: 10 }) ?? '', /150 ICMP requests/);
    assert.match(validateStartRequest({ ...good, destination: 'a b' }) ?? '', /host name/);
  });
});
