/** Infrastructure: one ComponentResource per concern, composed by {@link SecureAml}. */
export * from "./compute";
export * from "./context";
export * from "./data";
export * from "./dependencies";
export * from "./dnsZones";
export * from "./firewall";
export * from "./jumpbox";
export * from "./monitoring";
export * from "./network";
export * from "./nsgRules";
export * from "./outboundRules";
export * from "./privateEndpoint";
export * from "./remaining";
export * from "./roles";
export * from "./sampleData";
export * from "./stack";
export * from "./workspace";
