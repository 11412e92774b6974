// Uploads a registry feed with XMLHttpRequest (so the upload's progress shows), then polls the import's
// progress until it is done; reports both to the Blazor page (window.rtImports.start).
(function () {
    'use strict';

    var pollMs = 400;

    function problemText(xhr) {
        try {
            var p = JSON.parse(xhr.responseText);
            var lines = [p.title || ('HTTP ' + xhr.status)];
            if (p.detail) { lines.push(p.detail); }
            if (p.errors) {
                Object.keys(p.errors).forEach(function (k) { lines.push(k + ': ' + p.errors[k].join('; ')); });
            }
            return lines.join(' — ');
        } catch (e) {
            return 'HTTP ' + xhr.status;
        }
    }

    function poll(id, page) {
        fetch('/api/v1/registry/imports/' + id, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
            .then(function (r) {
                if (!r.ok) { throw new Error('HTTP ' + r.status); }
                return r.json();
            })
            .then(function (b) {
                if (b.status === 'done' || b.status === 'failed') {
                    page.invokeMethodAsync('OnFinished', b);
                } else {
                    page.invokeMethodAsync('OnProgress', 'processing', b.percent);
                    setTimeout(function () { poll(id, page); }, pollMs);
                }
            })
            .catch(function (e) { page.invokeMethodAsync('OnFailed', String(e.message || e)); });
    }

    window.rtImports = {
        start: function (input, kind, page) {
            var file = input && input.files && input.files[0];
            if (!file) { return false; }
            var xhr = new XMLHttpRequest();
            var url = '/api/v1/registry/imports?kind=' + encodeURIComponent(kind) + '&fileName=' + encodeURIComponent(file.name);
            xhr.open('POST', url);
            xhr.setRequestHeader('Content-Type', file.name.toLowerCase().endsWith('.xlsx')
                ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv');
            xhr.setRequestHeader('Accept', 'application/json');
            xhr.upload.onprogress = function (e) {
                if (e.lengthComputable) {
                    page.invokeMethodAsync('OnProgress', 'uploading', Math.floor(e.loaded * 100 / e.total));
                }
            };
            xhr.onload = function () {
                if (xhr.status === 202) {
                    var b = JSON.parse(xhr.responseText);
                    page.invokeMethodAsync('OnProgress', 'processing', b.percent || 0);
                    poll(b.id, page);
                } else {
                    page.invokeMethodAsync('OnFailed', problemText(xhr));
                }
            };
            xhr.onerror = function () { page.invokeMethodAsync('OnFailed', 'network error'); };
            xhr.send(file);
            return true;
        }
    };
})();
