// node:test reporter used by test/run.mjs inside each test file's own process: one JSON line per
// passed, failed or skipped test (and per stderr chunk), prefixed so test/run.mjs can tell them apart.
export const PREFIX = '@@ai-postmortem-test@@';

function message(error) {
  const cause = error?.cause ?? error;
  return String(cause?.message ?? cause);
}

export default async function* reporter(source) {
  for await (const { type, data } of source) {
    if (type === 'test:pass' || type === 'test:fail') {
      yield `${PREFIX}${JSON.stringify({
        type,
        name: data.name,
        file: data.file,
        line: data.line,
        suite: data.details?.type === 'suite',
        skip: data.skip,
        todo: data.todo,
        error: type === 'test:fail' ? message(data.details?.error) : undefined,
      })}\n`;
    } else if (type === 'test:stderr') {
      yield `${PREFIX}${JSON.stringify({ type, message: data.message })}\n`;
    }
  }
}
