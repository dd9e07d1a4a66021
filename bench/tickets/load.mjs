// Load generator for bench/tickets/run.ts, run in a child process so that it does not share the
// servers' event loop. Receives { url, path, headers, bodies, duration, connections, overallRate }
// by IPC and answers the figures (latencies in ms).
//
// - without overallRate: autocannon, `connections` in a closed loop (the throughput phase);
// - with overallRate: requests paced evenly (one every 1000/rate ms, open model, at most 256 in
//   flight) and timed one by one, after `warmup` seconds at the same rate that are not counted (this
//   process's own start: its JIT and its first sockets, not the server's). autocannon's own rate limit sends each connection's quota in a
//   burst at the start of every second and back-fills latencies for coordinated omission, which
//   measures the bursts rather than the endpoint.
import http from 'node:http';
import autocannon from 'autocannon';

const {
  url,
  path,
  headers,
  bodies,
  duration,
  connections,
  overallRate,
  warmup = 0,
} = await new Promise((resolve) => process.once('message', resolve));
const allHeaders = { 'content-type': 'application/json', ...headers };

function closedLoop() {
  let i = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        duration,
        headers: allHeaders,
        requests: [
          { method: 'POST', path, setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }) },
        ],
      },
      (err, r) =>
        err
          ? reject(err)
          : resolve({
              p50: r.latency.p50,
              p90: r.latency.p90,
              p99: r.latency.p99,
              max: r.latency.max,
              rps: r.requests.average,
              total: r.requests.total,
              non2xx: r.non2xx,
              errors: r.errors,
              timeouts: r.timeouts,
            }),
    );
  });
}

function paced() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(path, url);
  const latencies = [];
  let non2xx = 0;
  let errors = 0;
  let inFlight = 0;
  let sent = 0;
  const interval = 1000 / overallRate;
  const begin = performance.now();
  const start = begin + warmup * 1000; // measured from here
  const end = start + duration * 1000;
  return new Promise((resolve) => {
    const fire = () => {
      const body = bodies[sent++ % bodies.length];
      const t0 = performance.now();
      const counted = t0 >= start;
      inFlight++;
      const req = http.request(
        target,
        { method: 'POST', agent, headers: { ...allHeaders, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (counted) latencies.push(performance.now() - t0);
            if (counted && (res.statusCode < 200 || res.statusCode >= 300)) non2xx++;
            done();
          });
        },
      );
      req.on('error', () => {
        if (counted) errors++;
        done();
      });
      req.end(body);
    };
    const done = () => {
      inFlight--;
      if (performance.now() >= end && inFlight === 0) finish();
    };
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      agent.destroy();
      latencies.sort((a, b) => a - b);
      const q = (p) =>
        Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
      resolve({
        p50: q(0.5),
        p90: q(0.9),
        p99: q(0.99),
        max: Math.round(latencies.at(-1) ?? 0),
        rps: latencies.length / ((performance.now() - start) / 1000),
        total: latencies.length,
        non2xx,
        errors,
        timeouts: 0,
      });
    };
    // a self-correcting schedule: the n-th request leaves at start + n × interval
    const tick = () => {
      const now = performance.now();
      while (begin + sent * interval <= now && now < end) {
        if (inFlight < 256) fire();
        else {
          sent++; // dropped: counted as an error (the server fell behind by 256 requests)
          if (now >= start) errors++;
        }
      }
      if (now < end) setTimeout(tick, Math.max(0, begin + sent * interval - performance.now()));
      else if (inFlight === 0) finish();
    };
    tick();
  });
}

const result = overallRate ? await paced() : await closedLoop();
process.send(result, () => process.exit(0));
