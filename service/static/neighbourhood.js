/* The neighbourhood graph: fetched as JSON from the same server and drawn with Cytoscape.js.
   Labels are drawn on a canvas (never HTML); the status line is set with textContent. The
   list under the graph holds the same content for keyboard and screen-reader users. */
(function () {
  "use strict";
  var box = document.getElementById("graphe");
  var status = document.getElementById("graphe-etat");
  if (!box) {
    return;
  }
  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }
  if (typeof window.cytoscape !== "function") {
    say("Le graphe ne peut pas s'afficher : la liste ci-dessous en donne le contenu.");
    return;
  }
  var colours = {
    personne: "#000091",
    organisation: "#18753c",
    projet: "#b34000",
    laboratoire: "#6e445a"
  };
  var shapes = {
    personne: "ellipse",
    organisation: "round-rectangle",
    projet: "diamond",
    laboratoire: "hexagon"
  };

  function elements(data) {
    var out = [];
    data.nodes.forEach(function (n) {
      out.push({
        group: "nodes",
        data: {
          id: n.id,
          label: String(n.label),
          colour: colours[n.type] || "#666",
          shape: shapes[n.type] || "ellipse",
          href: String(n.href || "")
        },
        classes: (n.center ? "centre " : "") + (n.candidate ? "candidat" : "")
      });
    });
    data.edges.forEach(function (e, i) {
      out.push({
        group: "edges",
        data: { id: "lien-" + i, source: e.source, target: e.target, label: String(e.label) },
        classes: e.type === "SUGGESTED" ? "suggestion" : ""
      });
    });
    return out;
  }

  function draw(data) {
    var cy = window.cytoscape({
      container: box,
      elements: elements(data),
      style: [
        {
          selector: "node",
          style: {
            "background-color": "data(colour)",
            shape: "data(shape)",
            label: "data(label)",
            "font-size": 12,
            "text-wrap": "ellipsis",
            "text-max-width": 140,
            "text-valign": "bottom",
            "text-margin-y": 4,
            color: "#161616",
            width: 26,
            height: 26
          }
        },
        { selector: "node.centre", style: { width: 40, height: 40, "font-weight": "bold" } },
        { selector: "node.candidat", style: { "border-width": 4, "border-color": "#ce0500" } },
        {
          selector: "edge",
          style: {
            width: 1.5,
            "line-color": "#929292",
            "target-arrow-color": "#929292",
            "target-arrow-shape": "triangle",
            "curve-style": "bezier",
            label: "data(label)",
            "font-size": 8,
            color: "#555",
            "text-rotation": "autorotate",
            "text-background-color": "#fff",
            "text-background-opacity": 0.8
          }
        },
        { selector: "edge.suggestion", style: { "line-style": "dashed", "line-color": "#ce0500", "target-arrow-color": "#ce0500" } }
      ],
      minZoom: 0.2,
      maxZoom: 1.5,
      layout: {
        name: "cose",
        animate: false,
        randomize: false,
        padding: 40,
        nodeRepulsion: 30000,
        idealEdgeLength: 110,
        nodeOverlap: 40,
        componentSpacing: 120
      }
    });
    cy.on("tap", "node", function (event) {
      var href = event.target.data("href");
      if (href && href.charAt(0) === "/" && href.charAt(1) !== "/") {
        window.location.assign(href);
      }
    });
    say(data.nodes.length + " éléments et " + data.edges.length + " liens affichés.");
  }

  say("Chargement du graphe…");
  fetch(box.getAttribute("data-source"), {
    credentials: "same-origin",
    headers: { Accept: "application/json" }
  })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    })
    .then(draw)
    .catch(function () {
      say("Le graphe n'a pas pu être chargé : la liste ci-dessous en donne le contenu.");
    });
})();
