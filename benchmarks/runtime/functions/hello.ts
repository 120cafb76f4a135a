export default async function (ctx: FunctionContext) {
  return 'hello world'
}
