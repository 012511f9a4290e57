export * from "./args";
export { DualHomedServer, defaultInstanceType, amazonLinux2023Parameter } from "./dualHomedServer";
export { defaultIndexHtml, apacheUserData } from "./userData";
export { defaultHttpIngressCidrs } from "./interfacePlan";
