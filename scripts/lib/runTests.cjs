// Loads every test file named on the command line into this one process: node:test runs the tests
// each file declares as it loads, and reports them all together (see scripts/test.mjs --one-process).
const path = require('node:path');

for (const file of process.argv.slice(2)) require(path.resolve(file));
