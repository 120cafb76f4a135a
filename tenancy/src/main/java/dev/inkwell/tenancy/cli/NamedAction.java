package dev.inkwell.tenancy.cli;

import picocli.CommandLine.Parameters;

/** A command on one named thing of an app (a function, a bucket): {@code APPID NAME [more...]}. */
abstract class NamedAction extends Action {

  @Parameters(index = "0", paramLabel = "APPID")
  String appid;

  @Parameters(index = "1", paramLabel = "NAME")
  String name;
}
