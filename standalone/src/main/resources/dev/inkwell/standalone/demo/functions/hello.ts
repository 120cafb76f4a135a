// GET /hello?name=you
export default async function (ctx: FunctionContext) {
  const name = ctx.query?.name ?? 'world'
  console.log('hello called for', name)
  return `Hello from Inkwell, ${name}!`
}
