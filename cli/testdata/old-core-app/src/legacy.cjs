// deno-fmt-ignore-file
// deno-lint-ignore-file
const { MemoryClient } = require("@atomiton/core");

module.exports = { cache: new MemoryClient() };
