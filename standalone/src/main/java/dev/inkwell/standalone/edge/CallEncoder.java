package dev.inkwell.standalone.edge;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.inkwell.runner.filter.Call;
import io.github.api7.A6.HTTPReqCall.Req;
import io.github.api7.A6.Method;
import io.github.api7.A6.TextEntry;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an HTTP request into the HTTPReqCall that APISIX would send the plugin runner, so the runner's filters see
 * exactly what they see behind APISIX: lower-case header names, the decoded path, the query arguments, the client
 * address and the method's protocol number.
 *
 * <p>Not thread-safe: one per event loop (its builder is reused).
 */
final class CallEncoder {

  private final FlatBufferBuilder fbb = new FlatBufferBuilder(1024);
  private final Call call = new Call();
  private long ids;

  /** A view valid until the next {@code encode} on this encoder. */
  Call encode(HttpRequest request, String path, InetAddress client, long confToken) {
    fbb.clear();
    int pathOffset = fbb.createString(path);
    int ip = Req.createSrcIpVector(fbb, client == null ? new byte[0] : client.getAddress());
    List<Integer> headers = new ArrayList<>();
    for (Map.Entry<String, String> h : request.headers()) {
      headers.add(entry(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
    }
    int headerVector = Req.createHeadersVector(fbb, headers.stream().mapToInt(Integer::intValue).toArray());
    List<Integer> args = new ArrayList<>();
    QueryStringDecoder q = new QueryStringDecoder(request.uri());
    for (Map.Entry<String, List<String>> a : q.parameters().entrySet()) {
      for (String v : a.getValue()) {
        args.add(entry(a.getKey(), v));
      }
    }
    int argVector = Req.createArgsVector(fbb, args.stream().mapToInt(Integer::intValue).toArray());
    Req.startReq(fbb);
    Req.addId(fbb, ++ids & 0xFFFF_FFFFL);
    Req.addConfToken(fbb, confToken);
    Req.addSrcIp(fbb, ip);
    Req.addPath(fbb, pathOffset);
    Req.addArgs(fbb, argVector);
    Req.addHeaders(fbb, headerVector);
    Req.addMethod(fbb, method(request.method().name()));
    fbb.finish(Req.endReq(fbb));
    ByteBuffer bb = fbb.dataBuffer().slice().order(ByteOrder.LITTLE_ENDIAN);
    return call.bind(Req.getRootAsReq(bb), bb);
  }

  private int entry(String name, String value) {
    int n = fbb.createString(name);
    int v = fbb.createString(value);
    return TextEntry.createTextEntry(fbb, n, v);
  }

  static int method(String name) {
    for (int i = 0; i < Method.names.length; i++) {
      if (Method.names[i].equals(name)) {
        return i;
      }
    }
    return Method.GET; // the protocol has no number for it; no filter of ours looks at the method
  }
}
