/* The in-app camera (src/components/camera.rs, CameraDialog): the body of a Dioxus
   `document::eval`, which runs it inside an async function, so it may `await` and `return`
   at the top level; `dioxus.recv()` and `dioxus.send()` talk with Rust. Messages and
   commands: see CAMERA_SCRIPT in camera.rs. ASCII only: desktop quotes it into a JS string. */
const config = await dioxus.recv();
let facing = config.facing;
let stream = null;
let deviceId = null;
let switched = false;
/* How many times a stream was put in the video element (read by the browser tests). */
let starts = 0;
/* One thing at a time: a rotation does not restart the camera in the middle of a shot. */
let queue = Promise.resolve();
const serial = (task) => {
  const run = queue.then(task, task);
  queue = run.catch(() => {});
  return run;
};
const videoElement = async () => {
  for (let i = 0; i < 100; i++) {
    const v = document.getElementById("camera-video");
    if (v) return v;
    await new Promise((r) => setTimeout(r, 30));
  }
  return null;
};
const stop = () => {
  if (stream) {
    stream.getTracks().forEach((t) => t.stop());
    stream = null;
  }
  const v = document.getElementById("camera-video");
  if (v) v.srcObject = null;
};
const watchdog = setInterval(() => {
  if (stream && !document.getElementById("camera-video")) stop();
}, 500);
const errorName = (e) => (e && e.name) || "Error";
const start = async () => {
  stop();
  const video = { width: { ideal: 3840 }, height: { ideal: 2160 } };
  if (deviceId) video.deviceId = { exact: deviceId };
  else video.facingMode = { ideal: facing };
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: false, video });
  } catch (e) {
    return { kind: "refused", name: errorName(e) };
  }
  const v = await videoElement();
  if (!v) {
    stop();
    return { kind: "refused", name: "NoVideoElement" };
  }
  v.muted = true;
  v.playsInline = true;
  v.srcObject = stream;
  starts += 1;
  v.dataset.starts = String(starts);
  if (!v.videoWidth) {
    await new Promise((r) => {
      v.addEventListener("loadedmetadata", r, { once: true });
      setTimeout(r, 3000);
    });
  }
  try { await v.play(); } catch (e) {}
  let devices = 1;
  try {
    devices = (await navigator.mediaDevices.enumerateDevices())
      .filter((d) => d.kind === "videoinput").length;
  } catch (e) {}
  const track = stream ? stream.getVideoTracks()[0] : null;
  const s = track && track.getSettings ? track.getSettings() : {};
  if (s.deviceId) deviceId = s.deviceId;
  return {
    kind: "ready",
    devices: Math.max(devices, 1),
    width: v.videoWidth || s.width || 0,
    height: v.videoHeight || s.height || 0,
    facing: s.facingMode || (switched ? null : facing),
  };
};
const next = async () => {
  let list = [];
  try {
    list = (await navigator.mediaDevices.enumerateDevices())
      .filter((d) => d.kind === "videoinput" && d.deviceId);
  } catch (e) {}
  switched = true;
  if (list.length > 1) {
    const i = list.findIndex((d) => d.deviceId === deviceId);
    deviceId = list[(i + 1) % list.length].deviceId;
  } else {
    deviceId = null;
    facing = facing === "user" ? "environment" : "user";
  }
  return await start();
};
const toBase64 = (blob) => new Promise((resolve, reject) => {
  const reader = new FileReader();
  reader.onload = () => resolve(String(reader.result).split(",")[1] || "");
  reader.onerror = () => reject(reader.error);
  reader.readAsDataURL(blob);
});
const shoot = async () => {
  const v = document.getElementById("camera-video");
  const w = v ? v.videoWidth : 0;
  const h = v ? v.videoHeight : 0;
  if (!stream || !w || !h) return { kind: "capture_failed", name: "NoFrame" };
  const canvas = document.createElement("canvas");
  canvas.width = w;
  canvas.height = h;
  canvas.getContext("2d").drawImage(v, 0, 0, w, h);
  const blob = await new Promise((r) => canvas.toBlob(r, "image/jpeg", 0.92));
  if (!blob) return { kind: "capture_failed", name: "EncodingError" };
  const data = await toBase64(blob);
  stop();
  return { kind: "photo", data };
};
/* The phone turned: the camera gives frames of the new orientation only once its stream is
   opened again, so the live stream is reopened (same camera) and the new size is sent, which
   redraws the guide for it. */
const rotated = () => {
  if (!stream) return;
  serial(async () => {
    if (!stream) return;
    dioxus.send(await start().catch((e) => ({ kind: "refused", name: errorName(e) })));
  });
};
const orientation = window.screen && window.screen.orientation;
if (orientation && orientation.addEventListener) orientation.addEventListener("change", rotated);
else window.addEventListener("orientationchange", rotated);
try {
  if (!window.isSecureContext) {
    dioxus.send({ kind: "refused", name: "InsecureContext" });
  } else if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    dioxus.send({ kind: "refused", name: "NoMediaDevices" });
  } else {
    dioxus.send(await start());
  }
  for (;;) {
    const command = await dioxus.recv();
    if (command === "shoot") {
      dioxus.send(await serial(shoot).catch((e) => ({ kind: "capture_failed", name: errorName(e) })));
    } else if (command === "switch") {
      dioxus.send(await serial(next).catch((e) => ({ kind: "refused", name: errorName(e) })));
    } else {
      break;
    }
  }
} finally {
  if (orientation && orientation.removeEventListener) orientation.removeEventListener("change", rotated);
  else window.removeEventListener("orientationchange", rotated);
  clearInterval(watchdog);
  stop();
}
return "closed";
