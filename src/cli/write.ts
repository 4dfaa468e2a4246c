import { randomBytes } from "node:crypto";
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import * as path from "node:path";

/**
 * Writing output files safely in a folder other people (or a planted link) may share. Every command that writes
 * (`plan --out`, `schema --out`) goes through {@link writeFilesAtomically}:
 *
 * - each file is written to a fresh temporary name in the target folder, opened with O_CREAT|O_EXCL (so an
 *   existing name, a symlink included, is never opened or followed) and mode 0644, then renamed over the target;
 * - a symlink at a target name is replaced by the new file (rename replaces the link itself, never what it points
 *   to), so a planted link cannot redirect the report to a file outside the folder;
 * - a target name that is a folder, FIFO, socket or device is refused before anything is written;
 * - every temporary file is written before the first rename, so a run that fails (disk full, permission denied)
 *   leaves the previous files as they were rather than a mix of old and new.
 */

/** A problem with the output location that the user can fix (the CLI prints it as one line, exit 2). */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputError";
  }
}

/** One file to write: its name inside the target folder (no path separators) and its content. */
export interface OutputFile {
  readonly name: string;
  readonly text: string;
}

const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENOTDIR: "a part of the path is not a folder",
  ENOENT: "a part of the path does not exist",
  EISDIR: "it is a folder",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "the name is too long",
};

/** The one-line reason of a file system error (its code in words; never a stack). */
function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return (code && REASONS[code]) ?? (code ? code : e instanceof Error ? e.message : String(e));
}

/** What kind of file system entry `p` is, without following a final symlink; undefined when it does not exist. */
function kindOf(p: string): "file" | "symlink" | "dir" | "other" | undefined {
  try {
    const st = lstatSync(p);
    return st.isSymbolicLink() ? "symlink" : st.isFile() ? "file" : st.isDirectory() ? "dir" : "other";
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new OutputError(`cannot inspect ${p}: ${reason(e)}`);
  }
}

/** Throws {@link OutputError} when `dir` exists and is not a folder (a cheap check before a long run). */
export function checkFolder(dir: string, what = "--out"): void {
  try {
    if (!statSync(dir).isDirectory())
      throw new OutputError(`${what} ${dir} is a file, not a folder: give a folder name`);
  } catch (e) {
    if (e instanceof OutputError) throw e;
    // Missing (it will be created) or unreadable (the write reports it).
  }
}

/**
 * Makes sure `dir` is a folder (creating it and its parents when missing). A `dir` that is a symlink to a folder
 * is accepted: it is the user's own argument, not a name inside a shared folder.
 */
export function ensureFolder(dir: string, what = "--out"): void {
  let isDir: boolean | undefined;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT")
      throw new OutputError(`${what} ${dir}: cannot use it: ${reason(e)}`);
  }
  if (isDir === false) throw new OutputError(`${what} ${dir} is a file, not a folder: give a folder name`);
  if (isDir === undefined) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new OutputError(`${what} ${dir}: cannot create the folder: ${reason(e)}`);
    }
  }
}

/** Writes `text` to a new temporary file next to `target` (O_EXCL, 0644) and returns its path. */
function writeTemp(dir: string, name: string, text: string): string {
  const tmp = path.join(dir, `.${name}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const fd = openSync(tmp, "wx", 0o644);
  try {
    // The umask may have taken bits away; reports are meant to be readable by the team.
    fchmodSync(fd, 0o644);
    const buf = Buffer.from(text, "utf8");
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

/**
 * Writes `files` into folder `dir` (created when missing), each atomically and never through a link; returns the
 * paths written. Throws {@link OutputError} (and leaves every existing file untouched) when the folder or a target
 * name cannot be used.
 */
export function writeFilesAtomically(dir: string, files: readonly OutputFile[], what = "--out"): string[] {
  ensureFolder(dir, what);
  for (const f of files) {
    if (f.name !== path.basename(f.name) || f.name === "." || f.name === "..")
      throw new OutputError(`internal: output name ${JSON.stringify(f.name)} is not a plain file name`);
    const target = path.join(dir, f.name);
    const kind = kindOf(target);
    if (kind === "dir") throw new OutputError(`cannot write ${target}: it is a folder; move it away first`);
    if (kind === "other")
      throw new OutputError(`cannot write ${target}: it is not a regular file (FIFO, socket or device)`);
  }
  const temps: string[] = [];
  try {
    for (const f of files) temps.push(writeTemp(dir, f.name, f.text));
  } catch (e) {
    for (const t of temps) unlinkQuietly(t);
    throw new OutputError(`cannot write to ${dir}: ${reason(e)}; no file was changed`);
  }
  return files.map((f, i) => {
    const target = path.join(dir, f.name);
    try {
      renameSync(temps[i]!, target);
    } catch (e) {
      for (const t of temps.slice(i)) unlinkQuietly(t);
      throw new OutputError(`cannot replace ${target}: ${reason(e)}`);
    }
    return target;
  });
}

/** {@link writeFilesAtomically} for one file given by its path (`schema --out <file>`). */
export function writeFileAtomically(file: string, text: string, what = "--out"): string {
  if (file.endsWith("/") || kindOf(file) === "dir")
    throw new OutputError(`${what} ${file} is a folder: give a file name, e.g. ${path.join(file, "x.json")}`);
  const [written] = writeFilesAtomically(path.dirname(file), [{ name: path.basename(file), text }], what);
  return written!;
}

function unlinkQuietly(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    // Best effort: a temporary file we cannot remove is named .<name>.<pid>.<random>.tmp and harmless.
  }
}
