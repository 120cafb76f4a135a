// POST /visits: counts visits in the app's own database (cloud.mongo.db)
import cloud from '@lafjs/cloud'

export default async function (ctx: FunctionContext) {
  const visits = cloud.mongo.db.collection('visits')
  await visits.insertOne({ at: new Date(), agent: ctx.headers['user-agent'] ?? '' })
  return { visits: await visits.countDocuments({}) }
}
