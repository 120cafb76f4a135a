/**
 * The filter-facing API of the official Apache APISIX Java Plugin Runner SDK ({@code apisix-runner-plugin-sdk} 0.6.0),
 * implemented again without Spring or SLF4J: the same package, class names and public signatures, so a filter compiled
 * against the official SDK loads and runs in the Inkwell runner unchanged (tested in {@code OfficialFilterIT}).
 *
 * <p>Why not depend on the official jar: its request and response classes call Spring's {@code CollectionUtils} and
 * {@code StringUtils} at run time (so it needs spring-core on the class path) and log every stop response at INFO.
 * Only the API a filter touches is here: {@code PluginFilter}, {@code PluginFilterChain}, {@code HttpRequest},
 * {@code HttpResponse}, {@code PostRequest}, {@code PostResponse} and the small types they expose. The runner
 * internals of the official project (codecs, Spring wiring) have no counterpart.
 */
package org.apache.apisix.plugin.runner;
