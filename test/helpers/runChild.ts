// `bigstep run` on the toy registry, as a child process for the kill -9 / Ctrl-C tests:
//   node --import tsx test/helpers/runChild.ts fig1 --out DIR --workers 2 --set spinMs=200
// (also transpiled to .js by the compiled-code test, hence the extension follows this file's).
import { reportError } from '../../src/cli/errors.js';
import { runCommand } from '../../src/cli/run.js';

const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
const registryUrl = new URL(`./toyExperiment.${ext}`, import.meta.url);
process.exitCode = await runCommand(process.argv.slice(2), { registryUrl }).catch(reportError);
