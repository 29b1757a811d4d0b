/**
 * Checks of a message body against the limits Slack documents for
 * `chat.postMessage` and incoming webhooks (text and Block Kit). Returns
 * the problems found, empty when the body is acceptable.
 */

const MAX_TEXT = 40_000;
const MAX_BLOCKS = 50;
const MAX_SECTION_TEXT = 3_000;
const MAX_FIELDS = 10;
const MAX_FIELD_TEXT = 2_000;
const MAX_CONTEXT_ELEMENTS = 10;
const TEXT_TYPES = ['mrkdwn', 'plain_text'];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkTextObject(value: unknown, at: string, max: number): string[] {
  if (!isObject(value)) return [`${at}: not a text object`];
  const problems: string[] = [];
  if (!TEXT_TYPES.includes(String(value.type))) {
    problems.push(`${at}.type: must be mrkdwn or plain_text`);
  }
  if (typeof value.text !== 'string' || value.text.length === 0) {
    problems.push(`${at}.text: must be a non-empty string`);
  } else if (value.text.length > max) {
    problems.push(`${at}.text: longer than ${max} characters`);
  }
  return problems;
}

function checkSection(block: Json, at: string): string[] {
  const problems: string[] = [];
  if (block.text === undefined && block.fields === undefined) {
    problems.push(`${at}: a section needs text or fields`);
  }
  if (block.text !== undefined) {
    problems.push(
      ...checkTextObject(block.text, `${at}.text`, MAX_SECTION_TEXT),
    );
  }
  if (block.fields !== undefined) {
    if (!Array.isArray(block.fields) || block.fields.length > MAX_FIELDS) {
      problems.push(`${at}.fields: at most ${MAX_FIELDS} text objects`);
    } else {
      block.fields.forEach((field, i) =>
        problems.push(
          ...checkTextObject(field, `${at}.fields[${i}]`, MAX_FIELD_TEXT),
        ),
      );
    }
  }
  return problems;
}

function checkContext(block: Json, at: string): string[] {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0) {
    return [`${at}.elements: a context needs elements`];
  }
  if (elements.length > MAX_CONTEXT_ELEMENTS) {
    return [`${at}.elements: at most ${MAX_CONTEXT_ELEMENTS}`];
  }
  return elements.flatMap((element, i) =>
    checkTextObject(element, `${at}.elements[${i}]`, MAX_SECTION_TEXT),
  );
}

function checkBlock(block: unknown, at: string): string[] {
  if (!isObject(block) || typeof block.type !== 'string') {
    return [`${at}: a block needs a type`];
  }
  if (block.type === 'section') return checkSection(block, at);
  if (block.type === 'context') return checkContext(block, at);
  if (block.type === 'header') {
    return checkTextObject(block.text, `${at}.text`, 150);
  }
  if (block.type === 'divider') return [];
  return [`${at}.type: "${block.type}" is not checked by this test server`];
}

/** Text and blocks of a message; `text` or `blocks` must be there. */
export function checkMessageBody(body: Json): string[] {
  const problems: string[] = [];
  const { text, blocks } = body;
  if (text === undefined && blocks === undefined) {
    problems.push('body: needs text or blocks (Slack answers no_text)');
  }
  if (
    text !== undefined &&
    (typeof text !== 'string' || text.length > MAX_TEXT)
  ) {
    problems.push(`text: a string of at most ${MAX_TEXT} characters`);
  }
  if (blocks !== undefined) {
    if (!Array.isArray(blocks) || blocks.length > MAX_BLOCKS) {
      problems.push(`blocks: an array of at most ${MAX_BLOCKS} blocks`);
    } else {
      blocks.forEach((block, i) =>
        problems.push(...checkBlock(block, `blocks[${i}]`)),
      );
    }
  }
  return problems;
}
