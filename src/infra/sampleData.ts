import { readFileSync } from "node:fs";
import { repoPath } from "../paths";

export { type SampleUpload, sampleUpload } from "../config/sampleUpload";

/** Path of the synthetic sample file shipped with the repo. */
export const SAMPLE_FILE = repoPath("data", "sample", "contacts.csv");

/** The sample file's content. */
export function sampleCsv(): string {
  return readFileSync(SAMPLE_FILE, "utf8");
}

/**
 * A shell script the jump box runs once (CustomScript extension) to upload the sample with its managed
 * identity through the private endpoints. Retries for up to 15 minutes because a new role assignment can
 * take minutes to apply to the data plane (pulumi-notes §6.6).
 */
export function seedScript(
  targets: readonly { account: string; container: string; host: string }[],
  csv: string,
): string {
  const b64 = Buffer.from(csv).toString("base64");
  const uploads = targets
    .map((t) => `upload "https://${t.account}.blob.${t.host}/${t.container}/contacts.csv"`)
    .join("\n");
  return `#!/bin/bash
set -euo pipefail
echo '${b64}' | base64 -d > /tmp/contacts.csv
token() {
  curl -sf -H Metadata:true "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://storage.azure.com/" \\
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
upload() {
  for attempt in $(seq 1 30); do
    if curl -sf -X PUT -H "Authorization: Bearer $(token)" -H "x-ms-version: 2023-11-03" \\
        -H "x-ms-blob-type: BlockBlob" -H "Content-Type: text/csv" --data-binary @/tmp/contacts.csv "$1"; then
      echo "uploaded $1"; return 0
    fi
    echo "attempt $attempt for $1 failed; waiting for role propagation"; sleep 30
  done
  return 1
}
${uploads}
`;
}
