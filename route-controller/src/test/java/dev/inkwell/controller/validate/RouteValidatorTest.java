package dev.inkwell.controller.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Valid and invalid routes drawn from APISIX's route and upstream schema rules (apisix/schema_def.lua). */
class RouteValidatorTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{'uri':'/*','upstream':{'type':'roundrobin','nodes':{'127.0.0.1:80':1}}}",
      "{'uris':['/a','/b'],'plugins':{}}",
      "{'id':'inkwell-app-x.1_2','uri':'/*','host':'*.example.com','upstream_id':'u1'}",
      "{'id':7,'uri':'/*','hosts':['a.example.com','b.example.com'],'service_id':'s1'}",
      "{'uri':'/*','upstream':{'type':'roundrobin','nodes':[{'host':'svc.ns.svc','port':8000,'weight':1}],"
          + "'pass_host':'rewrite','upstream_host':'minio.local','retries':0,'scheme':'https'}}",
      "{'uri':'/*','create_time':1700000000,'update_time':1700000001,'labels':{'managed-by':'inkwell'},"
          + "'timeout':{'connect':1,'send':2.5,'read':600},'enable_websocket':true,'status':1,'priority':-3,"
          + "'methods':['GET','HEAD'],'plugins':{'ext-plugin-pre-req':{'conf':[{'name':'tenant-auth','value':'{}'}]}}}",
      "{'uri':'/*','plugins':{'proxy-rewrite':{'regex_uri':['^/$','/b/index.html','^(/.*)$','/b$1']}}}",
      "{'uri':'/*','upstream':{'type':'roundrobin','service_name':'svc','discovery_type':'kubernetes'}}",
  })
  void acceptsRoutesApisixAccepts(String json) {
    assertEquals(List.of(), RouteValidator.validate(parse(json)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown property|{'uri':'/*','plugins':{},'hostname':'x'}|hostname: is not a property",
      "uri and uris|{'uri':'/*','uris':['/a'],'plugins':{}}|uri: exactly one of uri and uris",
      "neither uri nor uris|{'plugins':{}}|uri: exactly one of uri and uris",
      "host and hosts|{'uri':'/*','host':'a.b','hosts':['a.b'],'plugins':{}}|host: at most one of host and hosts",
      "bad host|{'uri':'/*','host':'a b.example.com','plugins':{}}|host: ",
      "host with port|{'uri':'/*','host':'a.example.com:80','plugins':{}}|host: ",
      "nothing to do|{'uri':'/*'}|needs one of plugins, upstream",
      "id pattern|{'id':'has space','uri':'/*','plugins':{}}|id: must be",
      "id too long|{'id':'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx','uri':'/*','plugins':{}}|id: must be",
      "label value with space|{'uri':'/*','plugins':{},'labels':{'k':'a b'}}|labels.k: ",
      "empty label value|{'uri':'/*','plugins':{},'labels':{'k':''}}|labels.k: ",
      "string create_time|{'uri':'/*','plugins':{},'create_time':'now'}|create_time: must be an integer",
      "float update_time|{'uri':'/*','plugins':{},'update_time':1.5}|update_time: must be an integer",
      "timeout missing read|{'uri':'/*','plugins':{},'timeout':{'connect':1,'send':1}}|timeout.read:",
      "zero timeout|{'uri':'/*','plugins':{},'timeout':{'connect':0,'send':1,'read':1}}|timeout.connect:",
      "unknown method|{'uri':'/*','plugins':{},'methods':['FETCH']}|methods: FETCH",
      "websocket as string|{'uri':'/*','plugins':{},'enable_websocket':'yes'}|enable_websocket:",
      "upstream without nodes|{'uri':'/*','upstream':{'type':'roundrobin'}}|upstream: needs exactly one",
      "upstream bad type|{'uri':'/*','upstream':{'type':'random','nodes':{}}}|upstream.type:",
      "upstream unknown property|{'uri':'/*','upstream':{'type':'roundrobin','nodes':{},'weight':1}}|upstream.weight:",
      "node without port|{'uri':'/*','upstream':{'type':'roundrobin','nodes':[{'host':'a','weight':1}]}}|nodes[0]: needs",
      "node port zero|{'uri':'/*','upstream':{'type':'roundrobin','nodes':[{'host':'a','port':0,'weight':1}]}}|port",
      "negative weight|{'uri':'/*','upstream':{'type':'roundrobin','nodes':{'a:80':-1}}}|upstream.nodes.a:80",
      "rewrite without upstream_host|{'uri':'/*','upstream':{'type':'roundrobin','nodes':{'a:80':1},'pass_host':'rewrite'}}|upstream_host: is required",
      "bad pass_host|{'uri':'/*','upstream':{'type':'roundrobin','nodes':{'a:80':1},'pass_host':'keep'}}|pass_host:",
      "ext-plugin value not a string|{'uri':'/*','plugins':{'ext-plugin-pre-req':{'conf':[{'name':'a','value':{}}]}}}|conf[0]",
      "odd regex_uri|{'uri':'/*','plugins':{'proxy-rewrite':{'regex_uri':['^/$']}}}|regex_uri: must be pairs",
      "broken regex|{'uri':'/*','plugins':{'proxy-rewrite':{'regex_uri':['^(/$','/x']}}}|not a valid regex",
      "script with plugins|{'uri':'/*','script':'local x = 1 return x','plugins':{}}|script: excludes",
  })
  void refusesRoutesApisixRefuses(String why, String json, String expected) {
    List<String> errors = RouteValidator.validate(parse(json));
    assertTrue(errors.stream().anyMatch(e -> e.contains(expected)), why + ": " + errors);
  }
}
