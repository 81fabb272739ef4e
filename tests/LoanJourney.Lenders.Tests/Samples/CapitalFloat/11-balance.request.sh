curl -X POST \
  {{url}}/paylater/balance \
  -H "Content-type: application/json"  \
  -H 'Authorization: YOUR_TOKEN' \
  -d '{
    "app_id": "string",
    "order_id": "string"
  }'
