/**
 * Network exposure of a plan or a live workspace: who reaches each endpoint (internet, customer VNet,
 * managed VNet) and by which path, the private endpoints with their DNS zones, the managed VNet outbound
 * rules with their approval, and the issues — and its text and Markdown renderings.
 *
 * Where things are:
 * - `types.ts` — the report's shape, {@link REQUIRED_CATEGORY}, {@link SERVICE_LABELS};
 * - `analyze.ts` — {@link analyzeExposure} and {@link exposureOfPlan}: builds the endpoints and the issues;
 * - `internet.ts` — public endpoints behind their firewalls, SQL firewall rules, NSGs;
 * - `customerVnet.ts` — private endpoints, DNS zones and links, VNet egress, Bastion;
 * - `managedVnet.ts` — managed VNet outbound rules and their approval;
 * - `modelIndex.ts` — lookups in the ARM model (by type, by id; cloud, workspace, its identity);
 * - `arm.ts` — tolerant readers of ARM objects and ids;
 * - `render.ts` — {@link renderExposureText}, {@link renderExposureMarkdown}, {@link wrapText}.
 */

export { analyzeExposure, exposureOfPlan } from "./analyze";
export { renderExposureMarkdown, renderExposureText, wrapText } from "./render";
export type {
  Approval,
  CustomerVnetReach,
  Endpoint,
  ExposureReport,
  ExposureService,
  InternetReach,
  ManagedVnetReach,
  OutboundRuleInfo,
  PrivateEndpointInfo,
} from "./types";
export { REQUIRED_CATEGORY, SERVICE_LABELS } from "./types";
