import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { ConfigError } from "./issues";

/** Largest file the CLI reads from a user-given path: a config is a few KiB; 1 MiB leaves ample room. */
export const MAX_INPUT_BYTES = 1024 * 1024;

/**
 * Reads a user-named file as UTF-8, refusing anything that is not a regular file (a device such as
 * /dev/zero, a FIFO, a socket, a directory, or a symlink to one — a symlink to a regular file is fine) and
 * anything larger than `max` bytes. The checks run on the opened descriptor (fstat, not a separate stat of
 * the path, so the file cannot be swapped in between), and the size is enforced again while reading (a file
 * that grows, or a filesystem that reports size 0). O_NONBLOCK keeps the open of a FIFO with no writer from
 * hanging; it has no effect on regular files. Throws ConfigError (exit 2) naming `what` (e.g. "--config").
 */
export function readBoundedFile(file: string, what: string, max = MAX_INPUT_BYTES): string {
  const fail = (code: string, message: string, fix: string): never => {
    throw new ConfigError([{ severity: "error", code, path: "(file)", value: file, message, fix }]);
  };
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return fail(
      "file-unreadable",
      `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? "error"}`,
      `check the path given to ${what}`,
    );
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      fail(
        "file-not-regular",
        `is not a regular file (${kindOf(st)}); only regular files are read`,
        `give ${what} the path of a YAML or JSON file`,
      );
    }
    if (st.size > max)
      fail("file-too-large", tooLarge(st.size, max, true), `give ${what} the config file itself`);
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > max)
        fail("file-too-large", tooLarge(total, max, false), `give ${what} the config file itself`);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString("utf8");
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    return fail(
      "file-unreadable",
      `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? "error"}`,
      `check the path given to ${what}`,
    );
  } finally {
    closeSync(fd);
  }
}

function tooLarge(size: number, max: number, exact: boolean): string {
  return `is larger than ${max / 1024 / 1024} MiB (${exact ? "" : "at least "}${size} bytes); a config file is a few KiB`;
}

function kindOf(st: import("node:fs").Stats): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  return "not a file";
}
