curl -X POST \
  {{url}}/paylater/tranche \
  -H "Content-type: application/json"  \
  -H 'Authorization: YOUR_TOKEN' \
  -d '{
    "app_id": "string"
    "amount": "string",
    "order_id": "string",
    "suborder_id": "string"
  }'
