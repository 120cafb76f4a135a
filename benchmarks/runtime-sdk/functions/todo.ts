import cloud from '@lafjs/cloud'

// The SDK benchmark's function: insert a ~1 KB todo, then find it again by its (uniquely indexed) key.
export default async function (ctx: FunctionContext) {
  const todos = cloud.mongo.db.collection('todos')
  const key = Math.random().toString(36).slice(2) + Date.now().toString(36)
  const { title, notes, tags } = ctx.body
  const { insertedId } = await todos.insertOne({ key, title, notes, tags, done: false, createdAt: new Date() })
  const found = await todos.findOne({ key })
  return { id: insertedId, ok: found !== null && found.title === title }
}
