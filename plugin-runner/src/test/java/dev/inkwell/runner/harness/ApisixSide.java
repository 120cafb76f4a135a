package dev.inkwell.runner.harness;

import com.google.flatbuffers.FlatBufferBuilder;
import io.github.api7.A6.ExtraInfo.Info;
import io.github.api7.A6.ExtraInfo.Var;
import io.github.api7.A6.HTTPReqCall.Action;
import io.github.api7.A6.HTTPReqCall.Req;
import io.github.api7.A6.HTTPReqCall.Resp;
import io.github.api7.A6.HTTPReqCall.Rewrite;
import io.github.api7.A6.HTTPReqCall.Stop;
import io.github.api7.A6.TextEntry;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays APISIX's side of the ext-plugin protocol over a real unix socket, as {@code apisix/plugins/ext-plugin/init.lua}
 * does: PrepareConf, then HTTPReqCall frames carrying the conf token, answering the runner's ExtraInfo questions (vars,
 * body) until the call's answer arrives. Blocking, one call at a time per connection, like an APISIX worker's
 * cosocket. Used by the integration tests and by the benchmark driver.
 */
public final class ApisixSide implements AutoCloseable {

  /** The runner's answer to a call. {@code type} is the frame type (0 = error, with {@code errorCode}). */
  public record Answer(int type, int errorCode, byte action, int status, Map<String, String> headers,
      Map<String, String> upstreamHeaders, List<String> removedHeaders, String path, String body,
      List<String> extraInfoAsked) {

    public boolean passed() {
      return type == 2 && action != Action.Stop;
    }

    public String header(String name) {
      for (Map.Entry<String, String> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
      return null;
    }

    public String upstreamHeader(String name) {
      for (Map.Entry<String, String> e : upstreamHeaders.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
      return null;
    }
  }

  /** A request as APISIX describes it in an HTTPReqCall. */
  public record Request(long confToken, long id, int method, String path, byte[] srcIp, List<String[]> headers,
      List<String[]> args, Map<String, String> vars, byte[] body) {

    public static Request get(long token, String path) {
      return new Request(token, 1, 0, path, new byte[] {10, 0, 0, 1}, new ArrayList<>(), new ArrayList<>(),
          Map.of(), null);
    }

    public Request header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }

    public Request arg(String name, String value) {
      args.add(new String[] {name, value});
      return this;
    }

    public Request from(int a, int b, int c, int d) {
      return new Request(confToken, id, method, path, new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}, headers,
          args, vars, body);
    }

    public Request withVars(Map<String, String> vars, byte[] body) {
      return new Request(confToken, id, method, path, srcIp, headers, args, vars, body);
    }
  }

  private final SocketChannel ch;
  private final ByteBuffer header = ByteBuffer.allocate(4);
  private final FlatBufferBuilder fbb = new FlatBufferBuilder(1024);

  private ApisixSide(SocketChannel ch) {
    this.ch = ch;
  }

  public static ApisixSide connect(Path socket) throws IOException {
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    ch.connect(UnixDomainSocketAddress.of(socket));
    return new ApisixSide(ch);
  }

  /** Prepares a conf of (name, value) entries; returns the token, or -1 - error code if the runner answered an error. */
  public long prepare(String... nameValue) throws IOException {
    fbb.clear();
    int[] entries = new int[nameValue.length / 2];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = entry(fbb, nameValue[2 * i], nameValue[2 * i + 1]);
    }
    int conf = io.github.api7.A6.PrepareConf.Req.createConfVector(fbb, entries);
    int key = fbb.createString("route#" + System.nanoTime());
    io.github.api7.A6.PrepareConf.Req.startReq(fbb);
    io.github.api7.A6.PrepareConf.Req.addConf(fbb, conf);
    io.github.api7.A6.PrepareConf.Req.addKey(fbb, key);
    fbb.finish(io.github.api7.A6.PrepareConf.Req.endReq(fbb));
    send(1, fbb.dataBuffer());
    Frame f = read();
    if (f.type == 0) {
      return -1 - io.github.api7.A6.Err.Resp.getRootAsResp(f.body).code();
    }
    return io.github.api7.A6.PrepareConf.Resp.getRootAsResp(f.body).confToken();
  }

  /** Sends an HTTPReqCall, answers ExtraInfo questions from {@code r.vars()} / {@code r.body()}, returns the answer. */
  public Answer call(Request r) throws IOException {
    send(2, encode(r));
    List<String> asked = new ArrayList<>();
    return decode(answerExtraInfo(r.vars(), r.body(), asked), asked);
  }

  /** Reads frames, answering ExtraInfo questions from {@code vars} / {@code body}, until the call's answer arrives. */
  private Frame answerExtraInfo(Map<String, String> vars, byte[] body, List<String> asked) throws IOException {
    while (true) {
      Frame f = read();
      if (f.type != 3) {
        return f;
      }
      io.github.api7.A6.ExtraInfo.Req q = io.github.api7.A6.ExtraInfo.Req.getRootAsReq(f.body);
      byte[] result;
      if (q.infoType() == Info.Var) {
        Var v = (Var) q.info(new Var());
        asked.add(v.name());
        String value = vars.get(v.name());
        result = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
      } else {
        asked.add(q.infoType() == Info.ReqBody ? "<request body>" : "<response body>");
        result = body;
      }
      fbb.clear();
      int res = result == null ? 0 : io.github.api7.A6.ExtraInfo.Resp.createResultVector(fbb, result);
      io.github.api7.A6.ExtraInfo.Resp.startResp(fbb);
      if (res != 0) {
        io.github.api7.A6.ExtraInfo.Resp.addResult(fbb, res);
      }
      fbb.finish(io.github.api7.A6.ExtraInfo.Resp.endResp(fbb));
      send(3, fbb.dataBuffer());
    }
  }

  /** The runner's answer to an HTTPRespCall: status 0 and no headers mean "send the upstream's response as is". */
  public record PostAnswer(int type, int status, Map<String, String> headers, String body) {
  }

  /** Sends an HTTPRespCall ({@code ext-plugin-post-resp}) for an upstream response with this status and headers. */
  public PostAnswer respCall(long confToken, long id, int status, String... headerNameValue) throws IOException {
    fbb.clear();
    int[] h = new int[headerNameValue.length / 2];
    for (int i = 0; i < h.length; i++) {
      h[i] = entry(fbb, headerNameValue[2 * i], headerNameValue[2 * i + 1]);
    }
    int headers = io.github.api7.A6.HTTPRespCall.Req.createHeadersVector(fbb, h);
    fbb.finish(io.github.api7.A6.HTTPRespCall.Req.createReq(fbb, id, status, headers, confToken));
    send(4, fbb.dataBuffer());
    Frame f = answerExtraInfo(Map.of(), null, new ArrayList<>());
    if (f.type != 4) {
      return new PostAnswer(f.type, 0, Map.of(), null);
    }
    io.github.api7.A6.HTTPRespCall.Resp r = io.github.api7.A6.HTTPRespCall.Resp.getRootAsResp(f.body);
    Map<String, String> out = new LinkedHashMap<>();
    TextEntry e = new TextEntry();
    for (int i = 0; i < r.headersLength(); i++) {
      r.headers(e, i);
      out.put(e.name(), e.value());
    }
    String body = null;
    if (r.bodyLength() > 0) {
      ByteBuffer bb = r.bodyAsByteBuffer();
      byte[] bytes = new byte[bb.remaining()];
      bb.get(bytes);
      body = new String(bytes, StandardCharsets.UTF_8);
    }
    return new PostAnswer(4, r.status(), out, body);
  }

  /** Encodes an HTTPReqCall (also used by the benchmark to pre-build frames). */
  public static ByteBuffer encode(Request r) {
    FlatBufferBuilder b = new FlatBufferBuilder(512);
    int path = b.createString(r.path());
    int ip = Req.createSrcIpVector(b, r.srcIp());
    int[] h = new int[r.headers().size()];
    for (int i = 0; i < h.length; i++) {
      h[i] = entry(b, r.headers().get(i)[0], r.headers().get(i)[1]);
    }
    int headers = Req.createHeadersVector(b, h);
    int[] a = new int[r.args().size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = entry(b, r.args().get(i)[0], r.args().get(i)[1]);
    }
    int args = Req.createArgsVector(b, a);
    Req.startReq(b);
    Req.addId(b, r.id());
    Req.addConfToken(b, r.confToken());
    Req.addSrcIp(b, ip);
    Req.addPath(b, path);
    Req.addArgs(b, args);
    Req.addHeaders(b, headers);
    Req.addMethod(b, r.method());
    b.finish(Req.endReq(b));
    return b.dataBuffer();
  }

  /** Sends a raw frame: type, 3-byte length, body. */
  public void send(int type, ByteBuffer body) throws IOException {
    ByteBuffer out = ByteBuffer.allocate(4 + body.remaining());
    int len = body.remaining();
    out.put((byte) type).put((byte) (len >>> 16)).put((byte) (len >>> 8)).put((byte) len).put(body).flip();
    while (out.hasRemaining()) {
      ch.write(out);
    }
  }

  /** Sends raw bytes (for malformed-input tests). */
  public void sendRaw(byte[] bytes) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(bytes);
    while (out.hasRemaining()) {
      ch.write(out);
    }
  }

  /** A frame from the runner. */
  public record Frame(int type, ByteBuffer body) {
  }

  public Frame read() throws IOException {
    header.clear();
    fill(header);
    header.flip();
    int type = header.get() & 0xff;
    int len = ((header.get() & 0xff) << 16) | ((header.get() & 0xff) << 8) | (header.get() & 0xff);
    ByteBuffer body = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    fill(body);
    body.flip();
    return new Frame(type, body);
  }

  /** True if the runner closed this connection (read returns end of stream). */
  public boolean closedByPeer() throws IOException {
    try {
      read();
      return false;
    } catch (EOFException e) {
      return true;
    }
  }

  private void fill(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        throw new EOFException("runner closed the connection");
      }
    }
  }

  private static Answer decode(Frame f, List<String> asked) {
    if (f.type == 0) {
      return new Answer(0, io.github.api7.A6.Err.Resp.getRootAsResp(f.body).code(), Action.NONE, 0, Map.of(), Map.of(),
          List.of(), null, null, asked);
    }
    Resp resp = Resp.getRootAsResp(f.body);
    Map<String, String> headers = new LinkedHashMap<>();
    Map<String, String> upstream = new LinkedHashMap<>();
    List<String> removed = new ArrayList<>();
    TextEntry e = new TextEntry();
    if (resp.actionType() == Action.Stop) {
      Stop s = (Stop) resp.action(new Stop());
      for (int i = 0; i < s.headersLength(); i++) {
        s.headers(e, i);
        headers.put(e.name(), e.value());
      }
      String body = null;
      if (s.bodyLength() > 0) {
        ByteBuffer bb = s.bodyAsByteBuffer();
        byte[] bytes = new byte[bb.remaining()];
        bb.get(bytes);
        body = new String(bytes, StandardCharsets.UTF_8);
      }
      return new Answer(2, 0, Action.Stop, s.status(), headers, upstream, removed, null, body, asked);
    }
    String path = null;
    if (resp.actionType() == Action.Rewrite) {
      Rewrite w = (Rewrite) resp.action(new Rewrite());
      path = w.path();
      for (int i = 0; i < w.headersLength(); i++) {
        w.headers(e, i);
        if (e.value() == null) {
          removed.add(e.name());
        } else {
          upstream.put(e.name(), e.value());
        }
      }
      for (int i = 0; i < w.respHeadersLength(); i++) {
        w.respHeaders(e, i);
        headers.put(e.name(), e.value());
      }
    }
    return new Answer(2, 0, resp.actionType(), 0, headers, upstream, removed, path, null, asked);
  }

  private static int entry(FlatBufferBuilder b, String name, String value) {
    int n = b.createString(name);
    int v = value == null ? 0 : b.createString(value);
    TextEntry.startTextEntry(b);
    TextEntry.addName(b, n);
    if (value != null) {
      TextEntry.addValue(b, v);
    }
    return TextEntry.endTextEntry(b);
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
