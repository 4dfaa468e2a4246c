/**
 * Terminal styling. Colour only when writing to a terminal and NO_COLOR is not set (no-color.org); every
 * function is the identity otherwise, so piped output and files stay plain text.
 */
export interface Style {
  readonly enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

/** Plain text. */
export const PLAIN: Style = {
  enabled: false,
  bold: (s) => s,
  dim: (s) => s,
  red: (s) => s,
  green: (s) => s,
  yellow: (s) => s,
  cyan: (s) => s,
};

/** ANSI colours. */
export const ANSI: Style = {
  enabled: true,
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  cyan: wrap(36, 39),
};

/** Chooses the style for a stream: colour only on a TTY, never with NO_COLOR set (any value) or TERM=dumb. */
export function styleFor(isTty: boolean, env: NodeJS.ProcessEnv = process.env): Style {
  if (!isTty || env.NO_COLOR !== undefined || env.TERM === "dumb") return PLAIN;
  return ANSI;
}

/** Removes ANSI escapes (for width checks and tests). */
export function stripAnsi(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point
  return s.replace(/\u001b\[[0-9;]*m/g, "");
}
