// Calls the app's function on its own subdomain (the runtime answers CORS as Laf's does).
const functionUrl = `${location.protocol}//demo.${location.hostname.split('.').slice(1).join('.')}${location.port ? ':' + location.port : ''}/hello?name=browser`
fetch(functionUrl)
  .then((r) => r.text())
  .then((text) => { document.getElementById('greeting').textContent = text })
  .catch((e) => { document.getElementById('greeting').textContent = 'function call failed: ' + e })
if (location.pathname !== '/' && location.pathname !== '/index.html') {
  document.getElementById('title').textContent = 'Inkwell demo site: ' + location.pathname
}
