export default async function (ctx: FunctionContext) {
  let acc = 0
  for (let i = 0; i < 100000; i++) {
    acc = (acc + i * 31) % 1000003
  }
  return { acc }
}
