// Shared by both Node peers: loads every functions/*.ts once into a cached vm.Script, as Laf caches compiled functions.
'use strict';
const vm = require('vm');
const fs = require('fs');
const path = require('path');

// The functions are written in TypeScript with ES module syntax; the only syntax they use beyond JavaScript is a
// parameter type annotation and `export default`, so a two-line rewrite makes them CommonJS (Laf stores the TypeScript
// compiler's CommonJS output in the same shape).
function toCommonJs(ts) {
  return ts.replace(/\(ctx: FunctionContext\)/g, '(ctx)').replace(/export default async function/, 'module.exports.default = async function');
}

module.exports = function loadFunctions(dir) {
  const functions = new Map();
  for (const file of fs.readdirSync(dir)) {
    if (!file.endsWith('.ts')) continue;
    const name = file.slice(0, -3);
    const source = '(function (module, exports, require) {' + toCommonJs(fs.readFileSync(path.join(dir, file), 'utf8')) + '\n})';
    const script = new vm.Script(source, { filename: name + '.js' });
    const module = { exports: {} };
    script.runInContext(vm.createContext({ console }))(module, module.exports, require);
    functions.set(name, module.exports.default);
  }
  return functions;
};
