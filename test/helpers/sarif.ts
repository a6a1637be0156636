import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * A validator for the published SARIF 2.1.0 schema (schemastore's sarif-2.1.0-rtm.5, draft-04), as
 * shipped by @microsoft/jest-sarif. Its "language" pattern is not valid under the u flag: ajv compiles
 * the schema's patterns without it. The schema's formats (uri, uri-reference, date-time) are checked too
 * (ajv-formats): without them ajv skipped each with a warning on the test's output.
 */
export function sarifValidator(): ValidateFunction {
  const dir = path.dirname(require.resolve('@microsoft/jest-sarif/package.json'));
  const schema = JSON.parse(fs.readFileSync(path.join(dir, 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}
