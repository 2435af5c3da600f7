import { describe, expect, it } from '@jest/globals';
import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { JsonPlusSerializer, type SerializerProtocol } from '@langchain/langgraph-checkpoint';
import { StorageError } from '@alma/types';
import { decodeParsed, decodeText, encodeValue, parsedForm, stateTextOf } from './codec.js';

const serde = new JsonPlusSerializer();

/** Restores through both record shapes: the state text, and the parsed form embedded in metadata / writes. */
async function roundTrip(value: unknown, s: SerializerProtocol = serde) {
  const encoded = await encodeValue(s, value);
  const viaText = await decodeText(s, encoded.encoding, stateTextOf(encoded), 'test value');
  const viaParsed = await decodeParsed(s, encoded.encoding, parsedForm(encoded), 'test value');
  return { encoded, viaText, viaParsed };
}

describe('encodeValue / decode', () => {
  it('embeds plain JSON as is and restores it with JSON.parse', async () => {
    const value = { a: [1, 'two', null, { b: true }], s: 'quotes " and \\ and \u2028 and ü', n: -1.5e-7 };
    const { encoded, viaText, viaParsed } = await roundTrip(value);
    expect(encoded.encoding).toBe('json');
    expect(stateTextOf(encoded)).toBe(new TextDecoder().decode(encoded.bytes));
    expect(viaText).toEqual(value);
    expect(viaParsed).toEqual(value);
  });

  it('restores LangChain messages, Sets, Maps and undefined exactly as the serializer does', async () => {
    const value = {
      messages: [new HumanMessage({ content: 'hi', id: 'm1' }), new AIMessage({ content: 'hello', id: 'm2' })],
      tags: new Set(['a', 'b']),
      index: new Map([['k', 1]]),
      missing: undefined,
    };
    const { encoded, viaText, viaParsed } = await roundTrip(value);
    expect(encoded.encoding).toBe('json+lc');
    const expected = await serde.loadsTyped('json', encoded.bytes);
    expect(viaText).toEqual(expected);
    expect(viaParsed).toEqual(expected);
    expect((viaText as typeof value).messages[0]).toBeInstanceOf(HumanMessage);
    expect((viaText as typeof value).tags).toEqual(new Set(['a', 'b']));
    expect('missing' in (viaText as object)).toBe(true);
  });

  it('stores raw bytes as base64 and gives back a plain Uint8Array', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const { encoded, viaText, viaParsed } = await roundTrip(bytes);
    expect(encoded.encoding).toBe('base64:bytes');
    expect(JSON.parse(stateTextOf(encoded))).toEqual({ base64: Buffer.from(bytes).toString('base64') });
    expect(viaText).toEqual(bytes);
    expect(viaParsed).toEqual(bytes);
    expect(Buffer.isBuffer(viaText)).toBe(false);
  });

  it("carries a custom serializer's output as base64, whatever its type", async () => {
    const custom: SerializerProtocol = {
      dumpsTyped: async (data: unknown) => [
        'reversed',
        new TextEncoder().encode(JSON.stringify(data).split('').reverse().join('')),
      ],
      loadsTyped: async (type: string, data: Uint8Array | string) => {
        expect(type).toBe('reversed');
        const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
        return JSON.parse(text.split('').reverse().join('')) as unknown;
      },
    };
    const { encoded, viaText, viaParsed } = await roundTrip({ x: 'not json inside' }, custom);
    expect(encoded.encoding).toBe('base64:reversed');
    expect(viaText).toEqual({ x: 'not json inside' });
    expect(viaParsed).toEqual({ x: 'not json inside' });
  });

  it('fails with a StorageError on a corrupt or unknown stored form', async () => {
    await expect(decodeText(serde, 'json', '{oops', 'checkpoint x')).rejects.toThrow(StorageError);
    await expect(decodeText(serde, 'base64:bytes', 'not json', 'checkpoint x')).rejects.toThrow(StorageError);
    await expect(decodeText(serde, 'base64:bytes', '{}', 'checkpoint x')).rejects.toThrow(/base64 payload/);
    await expect(decodeParsed(serde, 'yaml', {}, 'checkpoint x')).rejects.toThrow(/unknown encoding "yaml"/);
  });
});
