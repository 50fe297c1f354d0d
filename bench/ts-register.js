'use strict';
/*
 * Lets the benchmark `require()` the TypeScript sources (the node, the test harness) directly:
 * each .ts file is transpiled on load with the project's own `typescript` (no type-check, like
 * the Jest setup's isolatedModules). No extra dependency. Use: `node -r ./bench/ts-register.js`.
 */
const fs = require('fs');
const ts = require('typescript');

const options = {
	module: ts.ModuleKind.CommonJS,
	target: ts.ScriptTarget.ES2021,
	esModuleInterop: true,
	resolveJsonModule: true,
	sourceMap: false,
	inlineSourceMap: true,
	isolatedModules: true,
};

require.extensions['.ts'] = function compileTs(module, filename) {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, { compilerOptions: options, fileName: filename });
	module._compile(outputText, filename);
};
