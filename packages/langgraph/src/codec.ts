import { JsonPlusSerializer, type SerializerProtocol } from '@langchain/langgraph-checkpoint';
import { StorageError } from '@alma/types';

/**
 * How a serialised LangGraph value sits in an ALMA record (ALMA states and metadata are JSON):
 * - `json`: the serializer's JSON text embedded as is; it holds no LangChain/LangGraph markers (`"lc"`), so
 *   `JSON.parse` restores exactly what the serializer would.
 * - `json+lc`: the JSON text embedded as is, restored through the serializer (it revives messages, Sets, ...).
 * - `base64:<type>`: any other serializer output (bytes, or a custom serializer) as base64 of its bytes.
 */
export type Encoding = 'json' | 'json+lc' | `base64:${string}`;

export interface Encoded {
  readonly encoding: Encoding;
  /** A JSON text: the serializer's JSON, or a JSON string literal holding the base64. */
  readonly json: string;
  /** The serializer's bytes (for hashing and sizes without re-encoding). */
  readonly bytes: Uint8Array;
}

const decoder = new TextDecoder();

/** JSON texts of our own serializer class are trusted to be valid JSON; anything else travels as base64. */
const trustsJson = (serde: SerializerProtocol): boolean => serde instanceof JsonPlusSerializer;

export async function encodeValue(serde: SerializerProtocol, value: unknown): Promise<Encoded> {
  const [type, bytes] = await serde.dumpsTyped(value);
  if (type === 'json' && trustsJson(serde)) {
    const json = decoder.decode(bytes);
    return { encoding: json.includes('"lc"') ? 'json+lc' : 'json', json, bytes };
  }
  return { encoding: `base64:${type}`, json: JSON.stringify(Buffer.from(bytes).toString('base64')), bytes };
}

function fail(what: string, detail: string, cause?: unknown): StorageError {
  return new StorageError('langgraph', `Cannot restore ${what}: ${detail}.`, cause === undefined ? {} : { cause });
}

/** Restores a value from a checkpoint state text (see `stateTextOf`). */
export async function decodeText(serde: SerializerProtocol, encoding: unknown, text: string, what: string) {
  if (encoding === 'json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw fail(what, 'the stored JSON is invalid', cause);
    }
  }
  if (encoding === 'json+lc') return serde.loadsTyped('json', text);
  const parsed = parseOrFail(text, what) as { base64?: unknown } | null;
  return decodeParsed(serde, encoding, parsed?.base64, what);
}

/** The JSON text a checkpoint state holds: the serializer's JSON, or `{"base64":"..."}`. */
export const stateTextOf = (encoded: Encoded): string =>
  encoded.encoding.startsWith('base64:') ? `{"base64":${encoded.json}}` : encoded.json;

function parseOrFail(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw fail(what, 'the stored JSON is invalid', cause);
  }
}

/** Restores a value that the store already parsed (inside record metadata or a writes state). */
export async function decodeParsed(serde: SerializerProtocol, encoding: unknown, value: unknown, what: string) {
  if (encoding === 'json') return value;
  if (encoding === 'json+lc') return serde.loadsTyped('json', JSON.stringify(value));
  if (typeof encoding === 'string' && encoding.startsWith('base64:')) {
    if (typeof value !== 'string') throw fail(what, 'its base64 payload is missing');
    return serde.loadsTyped(encoding.slice('base64:'.length), new Uint8Array(Buffer.from(value, 'base64')));
  }
  throw fail(what, `unknown encoding ${JSON.stringify(encoding)}`);
}

/** The parsed form of an encoded value, for embedding in record metadata (a JSON object, not text). */
export function parsedForm(encoded: Encoded): unknown {
  return JSON.parse(encoded.json) as unknown;
}
