package dev.inkwell.runtime.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The TypeScript compiler in GraalJS (loaded once per test JVM: it takes seconds). */
class FunctionCompilerTest {

  private final FunctionCompiler compiler = FunctionCompiler.shared();

  @Test
  void compilesTypeScriptToCommonJs() throws CompileError {
    String out = compiler.compile("f", """
        import cloud from '@lafjs/cloud'
        import { helper } from '@/util'
        interface In { name: string }
        export default async function (ctx: FunctionContext) { return helper((ctx.body as In).name, cloud.appid) }
        """);
    assertTrue(out.contains("exports.default = "), out);
    assertTrue(out.contains("require(\"@/util\")"), out);
    assertTrue(out.contains("require(\"@lafjs/cloud\")"), out);
    assertTrue(!out.contains("interface"), out);
  }

  @Test
  void typeErrorsDoNotBlock() throws CompileError {
    String out = compiler.compile("f", "const n: number = 'not a number'\nexport default async function () { return n }");
    assertTrue(out.contains("'not a number'"), out);
  }

  @Test
  void syntaxErrorHasLineAndColumn() {
    CompileError e = assertThrows(CompileError.class,
        () -> compiler.compile("f", "export default async function () {\n  return (1 +\n}\n"));
    assertEquals(3, e.line());
    assertEquals(1, e.column());
    assertTrue(e.getMessage().contains("line 3, column 1"), e.getMessage());
  }
}
