/**
 * The floor of `plan`'s time: plain node loading the npm modules the stack program imports (the Pulumi SDK,
 * @pulumi/random and each @pulumi/azure-native module), nothing else. bench/plan.bench.ts passes the module names
 * (found in src/) and times this script interleaved with `plan`.
 */
for (const name of process.argv.slice(2)) require(require.resolve(name, { paths: [process.cwd()] }));
