// Loaded before every test file (.mocharc.json): an AWS SDK client that a test did not point at
// its own moto server reaches a closed loopback port instead of AWS, so no test ever sends traffic
// off this machine. Clients given an explicit endpoint are unaffected.
process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9";
