// Creates the todo collection's unique index in each benchmark database (what each server's app would have).
// usage: node setup.js MONGO_URI DB...
'use strict';
const { MongoClient } = require('mongodb');
(async () => {
  const client = new MongoClient(process.argv[2]);
  await client.connect();
  for (const db of process.argv.slice(3)) await client.db(db).collection('todos').createIndex({ key: 1 }, { unique: true });
  await client.close();
})().catch((e) => { console.error(e); process.exit(1); });
