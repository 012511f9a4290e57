// Benchmark fixture for `npm run bench:engine`: the same runtime and analyzer as the real pack, with
// one policy that checks nothing, so the preview's extra time is what any Node.js pack costs.
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("empty-pack", {
  policies: [
    {
      name: "checks-nothing",
      description: "Accepts every stack.",
      enforcementLevel: "advisory",
      validateStack: () => undefined,
    },
  ],
});
