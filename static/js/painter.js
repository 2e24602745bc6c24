// The mask painter (templates/generation/_painter.html): the child paints the part of their
// picture to change with a mouse, a finger or a pen, or square by square with the keyboard.
// Every change puts the painting into the form's hidden painted_area field as a PNG data
// URL: painted pixels opaque, the rest fully transparent ("" when nothing is painted).
// Everything it says comes translated from the partial's data- attributes.
(function () {
  "use strict";
  var LONG_SIDE_MAX = 1024;
  var GRID = 12;
  // Brush diameters as a share of the picture's long side, so a "large" brush covers the
  // same part of the picture on a phone as on a classroom screen.
  var BRUSH_SHARE = { small: 0.025, medium: 0.05, large: 0.1 };
  // Stripes, not only a colour, show where the paint is (the canvas is shown translucent).
  var STRIPE_DARK = "#a61e4d";
  var STRIPE_LIGHT = "#ffffff";

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function stripes(ctx, longSide) {
    var size = Math.max(8, Math.round(longSide / 48));
    var tile = document.createElement("canvas");
    tile.width = size;
    tile.height = size;
    var t = tile.getContext("2d");
    t.fillStyle = STRIPE_LIGHT;
    t.fillRect(0, 0, size, size);
    t.strokeStyle = STRIPE_DARK;
    t.lineWidth = size / 2.5;
    t.beginPath();
    // Three diagonals, so the stripes meet across tile edges.
    [-size, 0, size].forEach(function (shift) {
      t.moveTo(shift, size);
      t.lineTo(shift + size, 0);
    });
    t.stroke();
    return ctx.createPattern(tile, "repeat");
  }

  function Painter(root) {
    this.root = root;
    this.output = root.querySelector("[data-painter-output]");
    this.canvas = root.querySelector("[data-painter-canvas]");
    this.grid = root.querySelector("[data-painter-grid]");
    this.status = root.querySelector("[data-painter-status]");
    var width = parseInt(root.getAttribute("data-width"), 10) || 1;
    var height = parseInt(root.getAttribute("data-height"), 10) || 1;
    var scale = Math.min(1, LONG_SIDE_MAX / Math.max(width, height));
    this.canvas.width = Math.max(1, Math.round(width * scale));
    this.canvas.height = Math.max(1, Math.round(height * scale));
    this.ctx = this.canvas.getContext("2d", { willReadFrequently: true });
    this.paint = stripes(this.ctx, Math.max(this.canvas.width, this.canvas.height));
    // Everything painted, in order: strokes, square toggles, clears and a painting sent
    // before. Undo drops the last one; the canvas is always the replay of this list.
    this.actions = [];
    this.cellsOn = [];
    this.stroke = null;
    this.pointerId = null;
    this.focusIndex = 0;
    this.buildGrid();
    this.listen();
    this.restore();
    root.querySelector("[data-painter-nojs]").hidden = true;
    root.querySelector("[data-painter-ui]").hidden = false;
    this.render(false);
  }

  Painter.prototype.brushSize = function () {
    var chosen = this.root.querySelector("[data-painter-brush]:checked");
    var share = BRUSH_SHARE[chosen ? chosen.value : "medium"] || BRUSH_SHARE.medium;
    return Math.max(2, Math.round(share * Math.max(this.canvas.width, this.canvas.height)));
  };

  // --- The keyboard alternative: a grid of squares, one tab stop ------------------------
  Painter.prototype.buildGrid = function () {
    var label = this.root.getAttribute("data-cell-label") || "%(row)s, %(column)s";
    this.cells = [];
    for (var row = 0; row < GRID; row++) {
      var line = document.createElement("div");
      line.setAttribute("role", "row");
      for (var column = 0; column < GRID; column++) {
        var holder = document.createElement("div");
        holder.setAttribute("role", "gridcell");
        var cell = document.createElement("button");
        cell.type = "button";
        cell.className = "painter-cell";
        cell.tabIndex = this.cells.length === 0 ? 0 : -1;
        cell.setAttribute("aria-pressed", "false");
        cell.setAttribute("aria-label", format(label, { row: row + 1, column: column + 1 }));
        cell.setAttribute("data-index", String(this.cells.length));
        holder.appendChild(cell);
        line.appendChild(holder);
        this.cells.push(cell);
        this.cellsOn.push(false);
      }
      this.grid.appendChild(line);
    }
  };

  Painter.prototype.moveFocus = function (index) {
    var last = this.cells.length - 1;
    index = Math.max(0, Math.min(last, index));
    this.cells[this.focusIndex].tabIndex = -1;
    this.focusIndex = index;
    this.cells[index].tabIndex = 0;
    this.cells[index].focus();
  };

  Painter.prototype.onGridKey = function (event) {
    var index = this.focusIndex;
    var row = Math.floor(index / GRID);
    var column = index % GRID;
    var target;
    switch (event.key) {
      case "ArrowRight": target = column < GRID - 1 ? index + 1 : index; break;
      case "ArrowLeft": target = column > 0 ? index - 1 : index; break;
      case "ArrowDown": target = row < GRID - 1 ? index + GRID : index; break;
      case "ArrowUp": target = row > 0 ? index - GRID : index; break;
      case "Home": target = event.ctrlKey ? 0 : row * GRID; break;
      case "End": target = event.ctrlKey ? this.cells.length - 1 : row * GRID + GRID - 1; break;
      default: return;
    }
    event.preventDefault();
    this.moveFocus(target);
  };

  Painter.prototype.cellRect = function (index) {
    var w = this.canvas.width;
    var h = this.canvas.height;
    var row = Math.floor(index / GRID);
    var column = index % GRID;
    var x0 = Math.round((column * w) / GRID);
    var y0 = Math.round((row * h) / GRID);
    return [x0, y0, Math.round(((column + 1) * w) / GRID) - x0,
            Math.round(((row + 1) * h) / GRID) - y0];
  };

  // --- Pointer painting: mouse, touch and pen alike --------------------------------------
  Painter.prototype.point = function (event) {
    // The canvas is shown at whatever size the page gives it; paint where the pointer is
    // on the picture, not in screen pixels.
    var box = this.canvas.getBoundingClientRect();
    return [
      ((event.clientX - box.left) * this.canvas.width) / (box.width || 1),
      ((event.clientY - box.top) * this.canvas.height) / (box.height || 1),
    ];
  };

  Painter.prototype.onPointerDown = function (event) {
    if (this.pointerId !== null) return; // a second finger does not paint
    if (event.pointerType === "mouse" && event.button !== 0) return;
    event.preventDefault();
    this.pointerId = event.pointerId;
    try {
      this.canvas.setPointerCapture(event.pointerId);
    } catch (error) {
      // Not every pointer can be captured (some pens, replayed events); painting goes on.
    }
    this.stroke = { kind: "stroke", size: this.brushSize(), points: [this.point(event)] };
    this.actions.push(this.stroke);
    this.drawDot(this.stroke.points[0], this.stroke.size);
  };

  Painter.prototype.onPointerMove = function (event) {
    if (event.pointerId !== this.pointerId || !this.stroke) return;
    event.preventDefault();
    var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
    if (!events.length) events = [event];
    for (var i = 0; i < events.length; i++) {
      var points = this.stroke.points;
      var next = this.point(events[i]);
      this.drawSegment(points[points.length - 1], next, this.stroke.size);
      points.push(next);
    }
  };

  Painter.prototype.onPointerEnd = function (event) {
    if (event.pointerId !== this.pointerId) return;
    this.pointerId = null;
    this.stroke = null;
    this.render(true);
  };

  // --- Drawing: the canvas is the replay of the actions ----------------------------------
  Painter.prototype.drawDot = function (at, size) {
    var ctx = this.ctx;
    ctx.fillStyle = this.paint;
    ctx.beginPath();
    ctx.arc(at[0], at[1], size / 2, 0, Math.PI * 2);
    ctx.fill();
  };

  Painter.prototype.drawSegment = function (from, to, size) {
    var ctx = this.ctx;
    ctx.strokeStyle = this.paint;
    ctx.lineWidth = size;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(from[0], from[1]);
    ctx.lineTo(to[0], to[1]);
    ctx.stroke();
  };

  Painter.prototype.replay = function () {
    var ctx = this.ctx;
    var w = this.canvas.width;
    var h = this.canvas.height;
    ctx.globalCompositeOperation = "source-over";
    ctx.clearRect(0, 0, w, h);
    for (var c = 0; c < this.cellsOn.length; c++) this.cellsOn[c] = false;
    this.areas = 0;
    for (var i = 0; i < this.actions.length; i++) {
      var action = this.actions[i];
      if (action.kind === "clear") {
        ctx.clearRect(0, 0, w, h);
        for (c = 0; c < this.cellsOn.length; c++) this.cellsOn[c] = false;
        this.areas = 0;
      } else if (action.kind === "picture") {
        ctx.drawImage(action.image, 0, 0, w, h);
        this.areas += 1;
      } else if (action.kind === "stroke") {
        var points = action.points;
        this.drawDot(points[0], action.size);
        if (points.length > 1) {
          ctx.strokeStyle = this.paint;
          ctx.lineWidth = action.size;
          ctx.lineCap = "round";
          ctx.lineJoin = "round";
          ctx.beginPath();
          ctx.moveTo(points[0][0], points[0][1]);
          for (var p = 1; p < points.length; p++) ctx.lineTo(points[p][0], points[p][1]);
          ctx.stroke();
        }
        this.areas += 1;
      } else if (action.kind === "cell") {
        var rect = this.cellRect(action.index);
        if (action.on) {
          ctx.fillStyle = this.paint;
          ctx.fillRect(rect[0], rect[1], rect[2], rect[3]);
        } else {
          // Taking the paint off a square takes off any paint in it, strokes' too.
          ctx.clearRect(rect[0], rect[1], rect[2], rect[3]);
        }
        this.areas += this.cellsOn[action.index] === action.on ? 0 : action.on ? 1 : -1;
        this.cellsOn[action.index] = action.on;
      }
    }
  };

  // The form's value: the painting with every pixel either fully painted or fully not
  // (the brush's soft edges rounded to one or the other), or "" when nothing is painted.
  Painter.prototype.exportValue = function () {
    var w = this.canvas.width;
    var h = this.canvas.height;
    var image = this.ctx.getImageData(0, 0, w, h);
    var px = image.data;
    var painted = false;
    for (var i = 0; i < px.length; i += 4) {
      var on = px[i + 3] >= 128;
      painted = painted || on;
      px[i] = 0;
      px[i + 1] = 0;
      px[i + 2] = 0;
      px[i + 3] = on ? 255 : 0;
    }
    if (!painted) return "";
    var out = document.createElement("canvas");
    out.width = w;
    out.height = h;
    out.getContext("2d").putImageData(image, 0, 0);
    return out.toDataURL("image/png");
  };

  Painter.prototype.render = function (changed) {
    this.replay();
    for (var c = 0; c < this.cells.length; c++) {
      this.cells[c].setAttribute("aria-pressed", this.cellsOn[c] ? "true" : "false");
    }
    var value = this.exportValue();
    var areas = value ? Math.max(1, this.areas) : 0;
    var message;
    if (areas === 0) message = this.root.getAttribute("data-msg-none");
    else if (areas === 1) message = this.root.getAttribute("data-msg-one");
    else message = format(this.root.getAttribute("data-msg-many") || "", { count: areas });
    this.status.textContent = message || "";
    if (changed && this.output.value !== value) {
      this.output.value = value;
      this.output.dispatchEvent(new Event("change", { bubbles: true }));
    }
  };

  Painter.prototype.undo = function () {
    if (!this.actions.length) return;
    this.actions.pop();
    this.render(true);
  };

  Painter.prototype.clear = function () {
    var last = this.actions[this.actions.length - 1];
    if (!this.actions.length || (last && last.kind === "clear")) return;
    this.actions.push({ kind: "clear" }); // undoable: a child who clears by mistake can undo
    this.render(true);
  };

  Painter.prototype.toggle = function (index) {
    this.actions.push({ kind: "cell", index: index, on: !this.cellsOn[index] });
    this.render(true);
  };

  // A painting sent before (the form shown again) is painted again, as one undoable step.
  Painter.prototype.restore = function () {
    var value = this.output.value;
    if (value.indexOf("data:image/png;base64,") !== 0) {
      this.output.value = "";
      return;
    }
    var self = this;
    var image = new Image();
    image.onload = function () {
      self.actions.unshift({ kind: "picture", image: image });
      self.render(true);
    };
    image.onerror = function () {
      self.output.value = "";
    };
    image.src = value;
  };

  Painter.prototype.listen = function () {
    var self = this;
    var canvas = this.canvas;
    canvas.addEventListener("pointerdown", function (e) { self.onPointerDown(e); });
    canvas.addEventListener("pointermove", function (e) { self.onPointerMove(e); });
    canvas.addEventListener("pointerup", function (e) { self.onPointerEnd(e); });
    canvas.addEventListener("pointercancel", function (e) { self.onPointerEnd(e); });
    // Where the pointer could not be captured, it may be lifted off the canvas.
    window.addEventListener("pointerup", function (e) { self.onPointerEnd(e); });
    window.addEventListener("pointercancel", function (e) { self.onPointerEnd(e); });
    this.grid.addEventListener("keydown", function (e) { self.onGridKey(e); });
    this.grid.addEventListener("click", function (e) {
      var cell = e.target.closest(".painter-cell");
      if (!cell) return;
      var index = parseInt(cell.getAttribute("data-index"), 10);
      if (index !== self.focusIndex) self.moveFocus(index);
      self.toggle(index);
    });
    this.grid.addEventListener("focusin", function (e) {
      var cell = e.target.closest(".painter-cell");
      if (!cell) return;
      self.cells[self.focusIndex].tabIndex = -1;
      self.focusIndex = parseInt(cell.getAttribute("data-index"), 10);
      cell.tabIndex = 0;
    });
    this.root.querySelector("[data-painter-undo]").addEventListener("click", function () {
      self.undo();
    });
    this.root.querySelector("[data-painter-clear]").addEventListener("click", function () {
      self.clear();
    });
  };

  function start() {
    document.querySelectorAll("[data-painter]:not([data-painter-ready])").forEach(function (root) {
      root.setAttribute("data-painter-ready", "");
      new Painter(root);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
