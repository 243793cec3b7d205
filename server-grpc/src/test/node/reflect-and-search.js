// Discovers the Akasha server through gRPC reflection (no .proto files here), checks its health,
// and runs a search; prints one JSON line with what it found. Usage: node reflect-and-search.js HOST:PORT
'use strict';
const grpc = require('@grpc/grpc-js');
const { GrpcReflection } = require('grpc-js-reflection-client');

const address = process.argv[2];
const credentials = grpc.credentials.createInsecure();
const options = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

function call(client, method, request) {
  return new Promise((resolve, reject) =>
    client[method](request, (error, response) => (error ? reject(error) : resolve(response))));
}

(async () => {
  const reflection = new GrpcReflection(address, credentials, {}, 'v1');
  const services = (await reflection.listServices()).sort();

  const health = (await reflection.getDescriptorBySymbol('grpc.health.v1.Health')).getPackageObject(options);
  const status = await call(new health.grpc.health.v1.Health(address, credentials), 'Check', {});

  const api = (await reflection.getDescriptorBySymbol('akasha.v1.Data')).getPackageObject(options);
  const data = new api.akasha.v1.Data(address, credentials);
  const query = Buffer.alloc(16);
  [10.2, 0, 0, 0].forEach((value, i) => query.writeFloatLE(value, 4 * i));
  const found = await call(data, 'Search', {
    collection: 'books', vectors: { dimension: 4, data: query }, limit: 3, output_fields: ['title'],
  });
  const result = found.results[0];
  console.log(JSON.stringify({
    services,
    health: status.status,
    ids: result.ids.int64_ids.values,
    titles: result.fields.columns[0].string_values.values,
  }));
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
