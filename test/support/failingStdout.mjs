// Test preload (test/cli.test.ts): every write to stdout throws, standing in for any unexpected exception
// inside a command, so the test can check that main.ts turns it into one line and exit 1.
process.stdout.write = () => {
  throw new Error("injected failure for the test");
};
