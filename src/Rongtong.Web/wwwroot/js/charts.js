// Draws the dashboard's and the evaluation's ECharts charts for Blazor (window.rtCharts.*); echarts.min.js comes from npm at build time.
(function () {
    'use strict';

    function chartOf(element) {
        if (!window.echarts) {
            element.textContent = 'ECharts is not loaded';
            return null;
        }
        var chart = window.echarts.getInstanceByDom(element) || window.echarts.init(element);
        if (!element.rtResize) {
            element.rtResize = function () { chart.resize(); };
            window.addEventListener('resize', element.rtResize);
        }
        return chart;
    }

    window.rtCharts = {
        bar: function (element, data) {
            var chart = chartOf(element);
            if (!chart) { return; }
            chart.setOption({
                tooltip: { trigger: 'axis' },
                grid: { left: 40, right: 16, top: 16, bottom: 70 },
                xAxis: { type: 'category', data: data.labels, axisLabel: { rotate: data.rotate === undefined ? 40 : data.rotate, interval: 0 } },
                yAxis: { type: 'value', minInterval: data.minInterval === undefined ? 1 : data.minInterval },
                series: [{ type: 'bar', name: data.name, data: data.values, itemStyle: { color: '#1677ff' } }]
            }, true);
        },
        pie: function (element, data) {
            var chart = chartOf(element);
            if (!chart) { return; }
            chart.setOption({
                tooltip: { trigger: 'item' },
                legend: { bottom: 0 },
                series: [{
                    type: 'pie', name: data.name, radius: ['35%', '65%'],
                    data: data.labels.map(function (label, i) { return { name: label, value: data.values[i] }; })
                }]
            }, true);
        },
        gauge: function (element, data) {
            var chart = chartOf(element);
            if (!chart) { return; }
            chart.setOption({
                series: [{
                    type: 'gauge', name: data.name, min: 0, max: 100, radius: '95%', progress: { show: true, width: 14 },
                    axisLine: { lineStyle: { width: 14 } }, pointer: { show: false }, title: { show: false },
                    axisTick: { show: false }, splitLine: { length: 6, distance: 2 }, axisLabel: { distance: 22, fontSize: 10 },
                    detail: { valueAnimation: false, formatter: '{value}%', fontSize: 22, offsetCenter: [0, 0] },
                    data: [{ value: data.value, name: data.name }]
                }]
            }, true);
        },
        dispose: function (element) {
            if (!element) { return; }
            if (element.rtResize) {
                window.removeEventListener('resize', element.rtResize);
                element.rtResize = null;
            }
            var chart = window.echarts && window.echarts.getInstanceByDom(element);
            if (chart) { chart.dispose(); }
        }
    };
})();

// The regulator's credit funnel (posted → pushed → claimed → granted → disbursed), stages in the given order.
(function () {
    'use strict';
    window.rtCharts.funnel = function (element, data) {
        if (!window.echarts) {
            element.textContent = 'ECharts is not loaded';
            return;
        }
        var chart = window.echarts.getInstanceByDom(element) || window.echarts.init(element);
        if (!element.rtResize) {
            element.rtResize = function () { chart.resize(); };
            window.addEventListener('resize', element.rtResize);
        }
        chart.setOption({
            tooltip: { trigger: 'item', formatter: '{b}: {c}' },
            series: [{
                type: 'funnel', name: data.name, sort: 'none', left: '10%', width: '80%', top: 16, bottom: 16, minSize: '8%', gap: 2,
                label: { show: true, position: 'inside', formatter: '{b}  {c}' },
                data: data.labels.map(function (label, i) { return { name: label, value: data.values[i] }; })
            }]
        }, true);
    };
})();
