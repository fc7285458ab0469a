#!/usr/bin/env python3
"""benchmarks/run.sh's correctness gate: before anything is measured, the targets must answer the same.

Usage: gate.py AUTHORIZATION IDS CONNECTOR NAME=URL NAME=URL...
  AUTHORIZATION  the Authorization header value
  IDS            "n=id,n=id,…": executors to fetch (existing ones and unknown ones)
  CONNECTOR      the connector of the two-page search
Fetches every id from every target (twice: the second answer of a cached TERMINATED executor comes from
memory) and compares the statuses, and the bodies of the 200s as JSON values (numbers as
decimals: 2.50 equals 2.5; key order and spacing do not count); a 404 must name the id. Then searches
{"connector_names": [CONNECTOR], "limit": 50} and the next page through each target's own next_cursor, and compares
the ids, has_more and total_count. Prints every difference; exits 1 if there is one. Loopback only, standard library.
"""
import decimal
import json
import sys
import urllib.error
import urllib.request


def call(url, authorization, body=None):
    request = urllib.request.Request(url, method="POST" if body is not None else "GET")
    request.add_header("Authorization", authorization)
    request.add_header("Accept", "application/json")
    data = None
    if body is not None:
        request.add_header("Content-Type", "application/json")
        data = json.dumps(body).encode()
    try:
        with urllib.request.urlopen(request, data=data, timeout=15) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def parse(text):
    return json.loads(text, parse_float=decimal.Decimal)


def main(arguments):
    if len(arguments) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    authorization, ids, connector = arguments[0], arguments[1], arguments[2]
    targets = [argument.split("=", 1) for argument in arguments[3:]]
    reference_name = targets[0][0]
    differences = []
    fetched = {"200": 0, "404": 0}

    # Twice: the second time, the cached API answers the TERMINATED executors from memory.
    for number, executor_id in [pair.split("=", 1) for pair in ids.split(",")] * 2:
        answers = {name: call(f"{url}/executors/{executor_id}", authorization) for name, url in targets}
        reference_status, reference_body = answers[reference_name]
        fetched[str(reference_status)] = fetched.get(str(reference_status), 0) + 1
        for name, (status, body) in answers.items():
            if status != reference_status:
                differences.append(f"GET executor {number} ({executor_id}): {name} answered {status}, {reference_name} {reference_status}")
            elif status == 200 and parse(body) != parse(reference_body):
                mine, theirs = parse(body), parse(reference_body)
                fields = sorted(key for key in set(mine) | set(theirs) if mine.get(key) != theirs.get(key))
                detail = "; ".join(f"{key}: {name} {json.dumps(mine.get(key), default=str)[:120]} vs {reference_name} {json.dumps(theirs.get(key), default=str)[:120]}" for key in fields)
                differences.append(f"GET executor {number} ({executor_id}): JSON differs: {detail}")
            elif status == 404 and executor_id not in body:
                differences.append(f"GET executor {number} ({executor_id}): {name}'s 404 does not name the id")
            elif status not in (200, 404):
                differences.append(f"GET executor {number} ({executor_id}): {name} answered {status}")

    pages = {}
    for name, url in targets:
        search = {"connector_names": [connector], "limit": 50}
        status, body = call(f"{url}/executors/search", authorization, search)
        if status != 200:
            differences.append(f"search page 1 ({connector}): {name} answered {status}")
            continue
        first = parse(body)
        cursor = first["pagination"].get("next_cursor")
        if cursor is None:
            differences.append(f"search page 1 ({connector}): {name} gave no next_cursor")
            continue
        status, body = call(f"{url}/executors/search", authorization, dict(search, cursor=cursor))
        if status != 200:
            differences.append(f"search page 2 ({connector}): {name} answered {status}")
            continue
        second = parse(body)
        pages[name] = [
            ([item["executor_id"] for item in page["data"]], page["pagination"]["has_more"], page["pagination"]["total_count"])
            for page in (first, second)
        ]
    if reference_name in pages:
        for name, result in pages.items():
            for index, (page, reference) in enumerate(zip(result, pages[reference_name]), start=1):
                if page[0] != reference[0]:
                    differences.append(f"search page {index} ({connector}): {name}'s ids differ from {reference_name}'s")
                if page[1:] != reference[1:]:
                    differences.append(f"search page {index} ({connector}): {name} has_more/total_count {page[1:]} vs {reference_name} {reference[1:]}")

    for difference in differences:
        print(f"gate: {difference}", file=sys.stderr)
    if differences:
        return 1
    count = len(ids.split(","))
    print(f"Correctness gate passed: {count} ids, twice ({fetched.get('200', 0) // 2} found, {fetched.get('404', 0) // 2} unknown), and two "
          f"search pages of {connector} answered alike by {', '.join(name for name, _ in targets)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
