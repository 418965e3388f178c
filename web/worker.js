// The web app's worker: the same wasm as the page, for the work that would hold the page up
// (the photo pipeline, reading a card's QR code). The page posts {id, job, bytes}; the answer
// is {id, answer, bytes}, or {id, error} when the job threw. {ready} once the wasm runs,
// {broken} when it cannot. See src/edges/web_worker.rs.
import init, { vssidWorkerJob } from "./pkg/vssid_app.js";

const ready = init().then(
  () => self.postMessage({ ready: true }),
  (error) => {
    self.postMessage({ broken: String(error) });
    throw error;
  },
);

self.onmessage = async ({ data }) => {
  try {
    await ready;
    const [answer, bytes] = vssidWorkerJob(data.job, data.bytes);
    self.postMessage({ id: data.id, answer, bytes }, [bytes.buffer]);
  } catch (error) {
    self.postMessage({ id: data.id, error: String(error) });
  }
};
